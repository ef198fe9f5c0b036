import type { CanonicalColumn } from '../../canonical/model.js';

/** A view: its definition as the server keeps it (without the database's own name), and how it runs. */
export interface CanonicalView {
  readonly name: string;
  /** The SELECT, as written in the schema or as the server reported it, without `\`<database>\`.` qualifiers. */
  readonly definition: string;
  /** What is compared: the definition in one spelling (see normaliseViewDefinition). */
  readonly normalized: string;
  /** UNDEFINED, MERGE or TEMPTABLE; undefined when not known (MySQL's catalog does not say). */
  readonly algorithm?: string;
  /** DEFINER or INVOKER. */
  readonly security?: string;
  /** NONE, LOCAL or CASCADED. */
  readonly checkOption?: string;
  /** Its columns as the catalog reports them (for writing its schema code; not compared). */
  readonly columns?: readonly CanonicalColumn[];
}
