// The work-order form (工单) on the agent desktop: type, category (tree with search), district,
// location, request, urgency, the citizen (prefilled from the call), confidential; then 派单 to the
// catalogue's suggested department (editable), 直办 with a note, or 提交待派单. Problems are shown
// under their fields (checked here first, then the server's 400); the new order's number is shown.
// With a call in hand the order carries its callId, so the call's timeline names the order.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend, type SessionInfo } from '../../api';
import { translator, type Lang } from '../../i18n';
import { CategoryPicker } from './work-order-form-category';
import { checkDraft, emptyDraft, orderBody, ORDER_TYPES, serverErrors, THEN_ACTIONS, URGENCIES, type Draft, type Field, type FieldErrors } from './work-order-form-draft';
import './work-order-form.css';
import { WORK_ORDER_FORM_WORDS } from './work-order-form.messages';

/** The call in hand the order is taken for (null: an order without a call). */
export interface CallInHand {
  callId: string;
  callerNumber: string | null;
}

interface Department {
  id: string;
  name: string;
  kind: string;
}

interface Created {
  orderNo: string;
  status: string;
  leadDepartmentId: string | null;
}

const PHONE = /^\+?\d{3,20}$/;
const prefilledNumber = (call: CallInHand | null) => (call?.callerNumber && PHONE.test(call.callerNumber) ? call.callerNumber : '');

export function WorkOrderForm({ lang, session, call }: { lang: Lang; session: SessionInfo; call: CallInHand | null }) {
  const w = translator(WORK_ORDER_FORM_WORDS, lang);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(prefilledNumber(call)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [departments, setDepartments] = useState<Department[]>([]);
  const [suggested, setSuggested] = useState<Department | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  // the call the draft was started for: kept after the call ends (wrap-up), replaced by the next call
  const [linkedCallId, setLinkedCallId] = useState<string | null>(call?.callId ?? null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key as Field]: undefined, form: undefined }));
  };

  useEffect(() => {
    apiGet<{ departments: Department[] }>('/api/departments')
      .then((answer) => setDepartments(answer.body?.departments ?? []))
      .catch(() => setDepartments([]));
  }, []);

  // a new call: a fresh draft for its caller
  useEffect(() => {
    if (!call) return;
    setLinkedCallId(call.callId);
    setDraft(emptyDraft(prefilledNumber(call)));
    setErrors({});
    setCreated(null);
  }, [call?.callId]);

  // the pop's number can come after the agent's state named the call: filled in unless the agent typed one
  useEffect(() => {
    const number = prefilledNumber(call);
    if (number) setDraft((d) => (d.citizenNumber ? d : { ...d, citizenNumber: number }));
  }, [call?.callId, call?.callerNumber]);

  // the catalogue's department for the category and district, chosen unless the agent picks another
  useEffect(() => {
    setSuggested(undefined);
    if (draft.then !== 'dispatch' || !draft.categoryCode) return undefined;
    let current = true;
    const query = `category=${encodeURIComponent(draft.categoryCode)}${draft.districtId ? `&district=${encodeURIComponent(draft.districtId)}` : ''}`;
    apiGet<{ department: Department | null }>(`/api/dispatch-catalogue/suggest?${query}`)
      .then((answer) => {
        if (!current) return;
        const department = answer.body?.department ?? null;
        setSuggested(department);
        setDraft((d) => ({ ...d, departmentId: department?.id ?? d.departmentId }));
        if (department) setErrors((e) => ({ ...e, departmentId: undefined }));
      })
      .catch(() => current && setSuggested(null));
    return () => {
      current = false;
    };
  }, [draft.categoryCode, draft.districtId, draft.then]);

  async function submit(event: Event) {
    event.preventDefault();
    const problems = Object.entries(checkDraft(draft));
    if (problems.length > 0) {
      setErrors({ ...Object.fromEntries(problems.map(([field, p]) => [field, w(p.word, p.max ? { max: p.max } : {})])), form: w('error.fix') });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const answer = await apiSend<Created>('POST', '/api/work-orders', session.csrfToken, orderBody(draft, linkedCallId));
      if (answer.body) {
        setCreated(answer.body);
        setDraft(emptyDraft(prefilledNumber(call)));
        if (!call) setLinkedCallId(null);
      } else if (answer.status === 400) {
        setErrors(serverErrors(answer.error?.message ?? '', answer.error?.details));
      } else {
        setErrors({ form: w('error.server', { message: answer.error?.message ?? String(answer.status) }) });
      }
    } catch {
      setErrors({ form: w('error.network') });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: Field) =>
    errors[field] ? <p class="wo-field-error" role="alert" data-testid={`wo-error-${field}`}>{errors[field]}</p> : null;
  const districts = departments.filter((d) => d.kind === 'district');
  const nameOf = (id: string | null) => departments.find((d) => d.id === id)?.name ?? id ?? '';

  return (
    <section class="work-order-form">
      <h3>
        {w('title')}
        {linkedCallId ? <span class="wo-linked" data-testid="wo-linked-call">{w('forCall')}</span> : null}
      </h3>
      {created ? (
        <p class="wo-created" data-testid="wo-created">
          {w('created')}
          <strong data-testid="wo-order-no">{created.orderNo}</strong>
          {' · '}
          {created.status === 'dispatched' ? w('created.dispatched', { department: nameOf(created.leadDepartmentId) })
            : created.status === 'closed' ? w('created.closed')
              : created.status === 'pending_dispatch' ? w('created.pending_dispatch') : created.status}
        </p>
      ) : null}
      <form data-testid="wo-form" onSubmit={submit} noValidate>
        <fieldset class="wo-row">
          <legend>{w('type')}</legend>
          <div class="wo-choices">
            {ORDER_TYPES.map((type) => (
              <label key={type} class="wo-choice">
                <input type="radio" name="wo-type" value={type} data-testid={`wo-type-${type}`} checked={draft.type === type} onChange={() => set('type', type)} />
                {w(`type.${type}`)}
              </label>
            ))}
          </div>
          {fieldError('type')}
        </fieldset>
        <fieldset class="wo-row">
          <legend>{w('category')}</legend>
          <CategoryPicker
            w={w}
            chosen={draft.categoryCode ? { code: draft.categoryCode, path: draft.categoryPath } : null}
            onChoose={(row) => {
              setDraft((d) => ({ ...d, categoryCode: row?.code ?? '', categoryPath: row?.path ?? '' }));
              setErrors((e) => ({ ...e, categoryCode: undefined, form: undefined }));
            }}
          />
          {fieldError('categoryCode')}
        </fieldset>
        <div class="wo-grid">
          <label>
            {w('district')}
            <select data-testid="wo-district" value={draft.districtId} onChange={(e) => set('districtId', e.currentTarget.value)}>
              <option value="">{w('districtNone')}</option>
              {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
            {fieldError('districtId')}
          </label>
          <label>
            {w('location')}
            <input data-testid="wo-location" value={draft.location} maxLength={200} onInput={(e) => set('location', e.currentTarget.value)} />
            {fieldError('location')}
          </label>
          <label>
            {w('urgency')}
            <select data-testid="wo-urgency" value={draft.urgency} onChange={(e) => set('urgency', e.currentTarget.value as Draft['urgency'])}>
              {URGENCIES.map((u) => <option key={u} value={u}>{w(`urgency.${u}`)}</option>)}
            </select>
          </label>
        </div>
        <label class="wo-wide">
          {w('description')}
          <textarea data-testid="wo-description" rows={4} value={draft.description} onInput={(e) => set('description', e.currentTarget.value)} />
          {fieldError('description')}
        </label>
        <div class="wo-grid">
          <label>
            {w('citizenName')}
            <input data-testid="wo-citizen-name" value={draft.citizenName} maxLength={50} onInput={(e) => set('citizenName', e.currentTarget.value)} />
            {fieldError('citizenName')}
          </label>
          <label>
            {w('citizenNumber')}
            <input data-testid="wo-citizen-number" inputMode="tel" value={draft.citizenNumber} onInput={(e) => set('citizenNumber', e.currentTarget.value)} />
            {fieldError('citizenNumber')}
          </label>
          <label class="wo-check">
            <input type="checkbox" data-testid="wo-confidential" checked={draft.confidential} onChange={(e) => set('confidential', e.currentTarget.checked)} />
            {w('confidential')}
          </label>
        </div>
        <fieldset class="wo-row">
          <legend>{w('then')}</legend>
          <div class="wo-choices">
            {THEN_ACTIONS.map((action) => (
              <label key={action} class="wo-choice">
                <input type="radio" name="wo-then" value={action} data-testid={`wo-then-${action}`} checked={draft.then === action} onChange={() => set('then', action)} />
                {w(`then.${action}`)}
              </label>
            ))}
          </div>
          {draft.then === 'dispatch' ? (
            <label class="wo-wide">
              {w('department')}
              {suggested ? <span class="wo-suggested" data-testid="wo-suggested" data-department={suggested.id}>{w('suggested', { name: suggested.name })}</span> : null}
              {suggested === null ? <span class="wo-suggested none" data-testid="wo-no-suggestion">{w('noSuggestion')}</span> : null}
              <select data-testid="wo-department" value={draft.departmentId} onChange={(e) => set('departmentId', e.currentTarget.value)}>
                <option value="">{w('departmentNone')}</option>
                {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
              {fieldError('departmentId')}
            </label>
          ) : null}
          {draft.then === 'resolve_directly' ? (
            <label class="wo-wide">
              {w('note')}
              <textarea data-testid="wo-note" rows={2} value={draft.note} onInput={(e) => set('note', e.currentTarget.value)} />
              {fieldError('note')}
            </label>
          ) : null}
        </fieldset>
        {errors.form ? <p class="error" role="alert" data-testid="wo-error-form">{errors.form}</p> : null}
        <button type="submit" data-testid="wo-submit" disabled={busy}>{busy ? w('submitting') : w('submit')}</button>
      </form>
    </section>
  );
}
