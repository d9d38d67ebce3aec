// The category picker of the work-order form: a search box over the three-level tree (the
// server searches names and codes: GET /api/work-order-categories?q=) and the tree, indented;
// a click chooses a category at any level.
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../../i18n';
import type { WorkOrderFormWord } from './work-order-form.messages';
import { loadCategoryRows, type CategoryRow } from './work-order-form-categories';

const SEARCH_DELAY_MS = 250;

export function CategoryPicker(props: {
  w: Translate<WorkOrderFormWord>;
  chosen: { code: string; path: string } | null;
  onChoose: (row: CategoryRow | null) => void;
}) {
  const { w, chosen, onChoose } = props;
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<CategoryRow[] | null>(null);

  useEffect(() => {
    if (chosen) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      loadCategoryRows(query)
        .then((found) => current && setRows(found ?? []))
        .catch(() => current && setRows([]));
    }, query ? SEARCH_DELAY_MS : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, chosen === null]);

  if (chosen) {
    return (
      <div class="wo-category-chosen">
        <span data-testid="wo-category-selected" data-code={chosen.code}>{w('categoryChosen', { path: chosen.path })}</span>
        <button type="button" class="secondary" data-testid="wo-category-change" onClick={() => onChoose(null)}>{w('categoryChange')}</button>
      </div>
    );
  }
  const needle = query.trim().toLowerCase();
  return (
    <div class="wo-category-picker">
      <input
        type="search"
        data-testid="wo-category-search"
        placeholder={w('categorySearch')}
        aria-label={w('categorySearch')}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <ul class="wo-category-list" data-testid="wo-category-list">
        {rows && rows.length === 0 ? <li class="empty">{w('categoryNone')}</li> : null}
        {(rows ?? []).map((row) => (
          <li key={row.code}>
            <button
              type="button"
              class={`wo-category-option depth-${Math.min(row.depth, 3)}${needle && row.name.toLowerCase().includes(needle) ? ' match' : ''}`}
              data-testid="wo-category-option"
              data-code={row.code}
              title={row.path}
              onClick={() => {
                setQuery('');
                onChoose(row);
              }}
            >
              {row.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
