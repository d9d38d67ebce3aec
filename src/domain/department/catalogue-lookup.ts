// The dispatch catalogue (派单目录) lookup: for an order's category and district, the lead
// department. The most specific category wins — the code itself, then its parent, then the
// first level —, and for each the entry of the district before the entry for any district. Pure.
import { selfAndAncestors } from './category-code.js';

export interface CatalogueEntryNode {
  categoryCode: string;
  /** null: the entry holds for any district. */
  districtId: string | null;
  departmentId: string;
}

/**
 * The entry that decides, or null. `usable` can skip an entry (e.g. one whose department is
 * inactive) so that the next candidate decides.
 */
export function lookupCatalogue<E extends CatalogueEntryNode>(
  entries: readonly E[],
  categoryCode: string,
  districtId: string | null,
  usable: (entry: E) => boolean = () => true,
): E | null {
  for (const code of selfAndAncestors(categoryCode)) {
    const forCode = entries.filter((e) => e.categoryCode === code && usable(e));
    const inDistrict = districtId === null ? undefined : forCode.find((e) => e.districtId === districtId);
    const anyDistrict = forCode.find((e) => e.districtId === null);
    const found = inDistrict ?? anyDistrict;
    if (found) return found;
  }
  return null;
}
