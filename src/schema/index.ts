/**
 * `retort/schema`: the model DSL, used in models and in revision files alike, and the neutral model it produces.
 */
export { sql, isSqlExpression, type SqlExpression } from "./sql.js";
export {
  ColumnBuilder,
  column,
  type ColumnRef,
  type ColumnSpec,
  type IdentityOptions,
  type ReferenceOptions,
  type ReferenceTarget,
  type ReferentialActionOption,
} from "./column.js";
export {
  smallint,
  integer,
  bigint,
  smallserial,
  serial,
  bigserial,
  boolean,
  text,
  varchar,
  char,
  numeric,
  real,
  doublePrecision,
  date,
  time,
  timestamp,
  timestamptz,
  interval,
  uuid,
  json,
  jsonb,
  bytea,
  array,
  enumColumn,
  customType,
  type TimeOptions,
} from "./types.js";
export {
  index,
  unique,
  check,
  foreignKey,
  type IndexElementInput,
  type IndexOptions,
  type UniqueSpec,
  type CheckSpec,
  type ForeignKeySpec,
  type ForeignKeyTarget,
} from "./constraints.js";
export { enumType, isEnumType } from "./enum.js";
export { sequence, isSequence, nextval, type SequenceModelOptions } from "./sequence.js";
export {
  domain,
  domainColumn,
  extension,
  isDomain,
  isExtension,
  type DomainDefinition,
  type DomainOptions,
  type ExtensionOptions,
} from "./domain.js";
export { func, procedure, isRoutine, type FunctionOptions, type ProcedureOptions } from "./routine.js";
export { trigger, isTrigger, type TriggerOptions } from "./trigger.js";
export { view, materializedView, isView, type ViewOptions, type MaterializedViewOptions } from "./view.js";
export { defaultNamingConvention, type NamingConvention } from "./naming.js";
export {
  table,
  withNamingConvention,
  tableModel,
  isTableDefinition,
  TABLE_SOURCE,
  type TableDefinition,
  type TableOptions,
  type TableSource,
  type SchemaOf,
  type PrimaryKeyOf,
} from "./table.js";
export type {
  ArrayAsText,
  ArrayValues,
  ColumnValues,
  Generation,
  NestedArray,
  PostgresInterval,
  Refine,
  RetypedValues,
  ScalarValues,
  SerialValues,
} from "./column-values.js";
export type {
  ColumnInterface,
  DatabaseOf,
  Generated,
  GeneratedAlways,
  Insertable,
  Selectable,
  TableInterface,
  TypedColumn,
  Updateable,
} from "./row-types.js";
export type {
  CheckConstraint,
  Column,
  ColumnDefault,
  ColumnType,
  ColumnTypeKind,
  Constraint,
  Deferrable,
  Domain,
  EnumType,
  Extension,
  ForeignKey,
  Identity,
  Index,
  IndexElement,
  LiteralDefault,
  PrimaryKey,
  ReferentialAction,
  Routine,
  Sequence,
  Table,
  Trigger,
  TriggerEvent,
  UniqueConstraint,
  Volatility,
  View,
  ViewCheckOption,
  ViewStoredForm,
} from "./model.js";
