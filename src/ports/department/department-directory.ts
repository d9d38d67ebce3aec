// What work orders need to know of departments (承办单位), the taxonomy and the dispatch
// catalogue (派单目录). Implemented over SQL in src/adapters/db (see src/app/department).

export interface DepartmentRef {
  id: string;
  name: string;
  active: boolean;
}

export interface CategoryRef {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  /** The reply limit class, inherited from the nearest ancestor that has one. */
  timeClass: 'life_property' | 'utilities' | 'general' | 'complex' | null;
  active: boolean;
}

export interface DepartmentDirectory {
  department(id: string): Promise<DepartmentRef | null>;
  category(code: string): Promise<CategoryRef | null>;
  /**
   * The lead department the catalogue suggests: the entry of the most specific category (the
   * code itself, then its parents) for the district, else for any district; null if none.
   */
  suggest(categoryCode: string, districtId: string | null): Promise<DepartmentRef | null>;
}
