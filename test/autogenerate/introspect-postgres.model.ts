/**
 * A rich model for the introspection round trip: 24 tables in two schemas using every type, default,
 * constraint, index and comment feature of the DSL, written the way people write them (unnormalised:
 * `now()`, `IN` lists, `BETWEEN`, extra parentheses, `int4` spelled as a custom type, explicit default
 * operator classes, quoted names that need no quotes).
 */
import {
  array,
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  check,
  customType,
  date,
  doublePrecision,
  enumColumn,
  enumType,
  foreignKey,
  index,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  real,
  serial,
  smallint,
  smallserial,
  sql,
  table,
  text,
  time,
  timestamp,
  timestamptz,
  unique,
  uuid,
  varchar,
  type ColumnRef,
  type EnumType,
  type Sequence,
  type TableDefinition,
} from "../../src/schema/index.js";

export const modelSchemas: readonly string[] = ["inventory"];

export const mood = enumType("mood", ["sad", "ok", "happy"]);
export const orderStatus = enumType("order_status", ["new", "paid", "shipped", "cancelled"]);
export const warehouseKind = enumType("warehouse_kind", ["cold", "dry"], { schema: "inventory" });
export const modelEnums: readonly EnumType[] = [mood, orderStatus, warehouseKind];

export const modelSequences: readonly Sequence[] = [
  { kind: "sequence", name: "invoice_numbers", start: 1000, increment: 5, cache: 10 },
  { kind: "sequence", name: "countdown", dataType: "integer", increment: -1, minValue: -100, maxValue: 100, cycle: true },
  { kind: "sequence", name: "plain_sequence" },
  { kind: "sequence", name: "bin_numbers", schema: "inventory", dataType: "smallint", start: 10 },
  { kind: "sequence", name: "ticket_numbers", ownedBy: { table: "tickets", column: "id" } },
];

const users = table(
  "users",
  {
    id: bigint().generatedAlwaysAsIdentity(),
    email: varchar(320).notNull().unique().comment("login, stored lower-case"),
    name: text().notNull(),
    mood: enumColumn(mood).default("ok"),
    active: boolean().notNull().default(true),
    created_at: timestamptz().notNull().default(sql`now()`),
    updated_at: timestamp({ withTimeZone: true, precision: 6 }).default(sql`CURRENT_TIMESTAMP`),
  },
  {
    primaryKey: ["id"],
    comment: 'people who sign in; it\'s "users"',
    checks: [check("users_email_lower", sql`email = lower(email)`), check("users_name_length", sql`char_length(name) BETWEEN 1 AND 200`)],
    indexes: [
      index("ix_users_created_at", [{ column: "created_at", order: "desc" }]),
      index("ix_users_active_email", ["email"], { unique: true, where: sql`(active = true)` }),
      index("ix_users_lower_name", [sql`lower(name)`]),
    ],
  },
);

const profiles = table("profiles", {
  user_id: bigint()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  bio: text().default(""),
  birthday: date(),
  wake_up: time({ precision: 0 }),
  lunch: time({ withTimeZone: true }),
  height_cm: smallint(),
  weight: real(),
  score: doublePrecision().default(0.5),
  settings: jsonb().notNull().default(sql`'{}'::jsonb`),
  legacy: json(),
});

const categories = table(
  "categories",
  {
    id: serial().primaryKey(),
    parent_id: integer().references((): ColumnRef => categories.id, { onDelete: "set null" }),
    name: varchar(100).notNull(),
    slug: varchar(100).notNull(),
  },
  {
    uniques: [unique(["parent_id", "slug"], { name: "uq_categories_parent_slug" })],
    checks: [check("ck_categories_slug", sql`slug ~ '^[a-z0-9-]+$'`)],
  },
);

const products = table(
  "products",
  {
    id: integer().generatedByDefaultAsIdentity({ start: 100, increment: 10 }),
    sku: char(12).notNull(),
    name: varchar(200).notNull(),
    price: numeric(10, 2).notNull().default(0),
    cost: numeric(12),
    ratio: numeric(),
    category_id: integer().references(() => categories.id),
    tags: text().array().default(sql`'{}'::text[]`),
    grid: integer().array(2),
    codes: varchar(20).array(),
    search: customType("tsvector"),
    stock: customType("int4").notNull().default(sql`0`),
    released: date().default("2020-01-01"),
  },
  {
    primaryKey: { name: "pk_products", columns: ["id"] },
    uniques: [unique(["sku"], { name: "uq_products_sku", deferrable: "deferred" })],
    checks: [
      check("ck_products_price", sql`(price >= 0) AND (price < 1000000)`),
      check("ck_products_name", sql`name <> '' and name != 'unknown'`),
    ],
    indexes: [
      index("ix_products_tags", ["tags"], { method: "gin" }),
      index("ix_products_search", ["search"], { method: "gin" }),
      index("ix_products_name_pattern", [{ column: "name", opclass: "varchar_pattern_ops" }]),
      index("ix_products_category_price", ["category_id", { column: "price", order: "desc", nulls: "last" }], { include: ["name"] }),
      index("ix_products_sku_default_opclass", [{ column: "sku", opclass: "bpchar_ops" }]),
    ],
    comment: "things we sell",
  },
);

const orders = table(
  "orders",
  {
    id: bigserial().primaryKey(),
    user_id: bigint()
      .notNull()
      .references(() => users.id, { onDelete: "restrict", onUpdate: "cascade" }),
    status: enumColumn(orderStatus).notNull().default("new"),
    placed_at: timestamp({ precision: 3 }).notNull().default(sql`now()`),
    total: numeric(12, 2).notNull().default(sql`0.00`),
    note: varchar(500),
    metadata: jsonb(),
  },
  {
    checks: [check("ck_orders_total", sql`total >= 0`)],
    indexes: [
      index("ix_orders_user_placed", ["user_id", { column: "placed_at", order: "desc" }]),
      index("ix_orders_open", ["placed_at"], { where: sql`status IN ('new', 'paid')` }),
      index("ix_orders_metadata", [{ column: "metadata", opclass: "jsonb_path_ops" }], { method: "gin" }),
    ],
  },
);

const orderItems = table(
  "Order Items",
  {
    order_id: bigint().notNull(),
    line: smallint().notNull(),
    product_id: integer()
      .notNull()
      .references(() => products.id),
    quantity: integer().notNull().default(1),
    Price: numeric(10, 2).notNull(),
    discount: numeric(5, 2).default(sql`'0'::numeric`),
  },
  {
    primaryKey: ["order_id", "line"],
    foreignKeys: [foreignKey({ columns: ["order_id"], references: () => [orders.id], onDelete: "cascade", name: "fk_items_order" })],
    checks: [check("ck_items_quantity", sql`quantity > 0 AND "Price" >= 0 AND (discount IS NULL OR discount BETWEEN 0 AND 100)`)],
  },
);

const payments = table(
  "payments",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    order_id: bigint()
      .notNull()
      .references(() => orders.id, { deferrable: true }),
    amount: numeric(12, 2).notNull(),
    method: varchar(20).notNull().default("card"),
    paid_at: timestamptz(),
    reference: text(),
  },
  {
    checks: [check("ck_payments_method", sql`method IN ('card', 'cash', 'transfer')`)],
    indexes: [index("ix_payments_reference", ["reference"], { unique: true, where: sql`reference IS NOT NULL` })],
  },
);

const invoices = table("invoices", {
  id: integer().primaryKey(),
  number: bigint().notNull().default(sql`nextval('invoice_numbers'::regclass)`),
  order_id: bigint().references(() => orders.id, { onDelete: "set null", deferrable: "deferred" }),
  issued_on: date().notNull().default(sql`CURRENT_DATE`),
  due_in: interval().default("30 days"),
  pdf: bytea(),
});

const counters = table("counters", {
  id: serial(),
  big: bigserial(),
  small: smallserial(),
  plain: integer().default(-1),
});

const addresses = table(
  "addresses",
  {
    id: integer().primaryKey(),
    user_id: bigint()
      .notNull()
      .references(() => users.id),
    country: char(2).notNull(),
    city: varchar(100).notNull(),
    line1: text().notNull(),
    postcode: varchar(16),
    is_default: boolean().notNull().default(false),
  },
  {
    indexes: [index("ix_addresses_one_default", ["user_id"], { unique: true, where: sql`is_default` })],
  },
);

const cities = table(
  "cities",
  {
    country: char(2).notNull(),
    name: varchar(100).notNull(),
    population: bigint().default(9007199254740993n),
  },
  { primaryKey: { name: "cities_pk", columns: ["country", "name"] } },
);

const venues = table(
  "venues",
  {
    id: integer().primaryKey(),
    country: char(2).notNull(),
    city: varchar(100).notNull(),
    capacity: integer(),
    opens: time(),
    rating: numeric(3, 1),
  },
  {
    foreignKeys: [
      foreignKey({
        columns: ["country", "city"],
        references: () => [cities.country, cities.name],
        onDelete: "cascade",
        onUpdate: "set default",
      }),
    ],
    checks: [check("ck_venues_capacity", sql`capacity IS NULL OR capacity > 0`), check("ck_venues_rating", sql`rating BETWEEN 0 AND 5`)],
  },
);

const events = table(
  "events",
  {
    id: integer().primaryKey(),
    venue_id: integer()
      .notNull()
      .references(() => venues.id),
    starts_at: timestamptz().notNull(),
    ends_at: timestamptz().notNull(),
    title: text().notNull(),
    mood: enumColumn("mood"),
  },
  {
    checks: [check("ck_events_period", sql`ends_at > starts_at`)],
    indexes: [
      index("ix_events_period", ["venue_id", "starts_at", "ends_at"]),
      index("ix_events_starts_brin", ["starts_at"], { method: "brin" }),
    ],
  },
);

const tickets = table(
  "tickets",
  {
    id: integer().primaryKey(),
    event_id: integer()
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    seat: varchar(8).notNull(),
    holder: bigint().references(() => users.id),
    price: numeric(8, 2).notNull(),
  },
  {
    uniques: [unique(["event_id", "seat"], { deferrable: true })],
    indexes: [index("ix_tickets_holder_hash", ["holder"], { method: "hash" })],
  },
);

const auditEntries = table(
  "audit_entries",
  {
    id: bigint().generatedByDefaultAsIdentity(),
    user: text().notNull().default(sql`CURRENT_USER`),
    order: integer(),
    happened_at: timestamp().notNull().default(sql`now()`),
    payload: jsonb().notNull(),
  },
  {
    primaryKey: ["id"],
    indexes: [
      index("ix_audit_payload_kind", [sql`(payload ->> 'kind')`, { expression: sql`(payload->>'at')`, order: "desc" }]),
      index("ix_audit_user_order", ["user", { column: "order", nulls: "first" }]),
    ],
  },
);

const settings = table(
  "settings",
  {
    key: varchar(100).primaryKey(),
    value: text(),
    flags: boolean().array(),
    updated: timestamp({ precision: 0 }),
  },
  { comment: "" },
);

const translations = table(
  "translations",
  {
    id: integer().primaryKey(),
    lang: char(2).notNull().default("en"),
    source: text().notNull(),
    target: text(),
  },
  {
    uniques: [unique(["lang", "source"])],
    checks: [check("ck_translations_lang", sql`(lang)::text ~ '^[a-z]{2}$'`)],
    indexes: [index("ix_translations_lower", [sql`lower(source)`, sql`lower(coalesce(target, ''))`])],
  },
);

const reviews = table(
  "reviews",
  {
    id: integer().primaryKey(),
    product_id: integer()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    user_id: bigint().references(() => users.id, { onDelete: "set null" }),
    stars: smallint().notNull(),
    body: text(),
    mood: enumColumn(mood).default(sql`'happy'::mood`),
  },
  {
    checks: [
      check("ck_reviews_stars", sql`stars >= 1 and stars <= 5`),
      check("ck_reviews_body", sql`body IS NULL OR length(body) < 10000`),
    ],
  },
);

const wishlists = table(
  "wishlists",
  {
    user_id: bigint()
      .notNull()
      .references(() => users.id),
    product_id: integer()
      .notNull()
      .references(() => products.id),
    added_at: timestamptz().default(sql`transaction_timestamp()`),
  },
  { primaryKey: ["user_id", "product_id"] },
);

const coupons = table(
  "coupons",
  {
    code: varchar(32).primaryKey(),
    percent: smallint().notNull(),
    valid_until: date(),
    max_uses: integer(),
  },
  {
    checks: [check("ck_coupons_percent", sql`percent > 0 AND percent <= 100 AND (max_uses IS NULL OR max_uses > 0)`)],
  },
);

const emptyish = table(
  "notes",
  {
    body: text(),
  },
  { comment: "a table without a primary key" },
);

const warehouses = table(
  "warehouses",
  {
    id: integer().primaryKey(),
    name: varchar(100).notNull().unique({ name: "uq_warehouses_name" }),
    kind: enumColumn(warehouseKind).notNull().default("dry"),
    kinds: array(enumColumn(warehouseKind)),
    opened: date(),
  },
  { schema: "inventory", comment: "where stock lives" },
);

const stock = table(
  "stock",
  {
    warehouse_id: integer()
      .notNull()
      .references(() => warehouses.id, { onDelete: "cascade" }),
    product_id: integer()
      .notNull()
      .references(() => products.id),
    quantity: integer().notNull().default(0),
    updated_at: timestamptz().notNull().default(sql`now()`),
  },
  {
    schema: "inventory",
    primaryKey: ["warehouse_id", "product_id"],
    checks: [check("ck_stock_quantity", sql`quantity >= 0`)],
    indexes: [index("ix_stock_product", ["product_id"])],
  },
);

const bins = table(
  "bins",
  {
    id: integer().primaryKey().default(sql`nextval('inventory.bin_numbers'::regclass)`),
    warehouse_id: integer()
      .notNull()
      .references(() => warehouses.id),
    label: varchar(20).notNull(),
    kind: enumColumn("warehouse_kind", { schema: "inventory" }),
  },
  { schema: "inventory", uniques: [unique(["warehouse_id", "label"])] },
);

const users2 = table(
  "users",
  {
    id: integer().primaryKey(),
    public_user_id: bigint().references(() => users.id),
  },
  { schema: "inventory", comment: "a table named like one in public" },
);

/** Every table, in an order where each one's foreign keys point at tables created before it (or itself). */
export const modelTables: readonly TableDefinition[] = [
  users,
  profiles,
  categories,
  products,
  orders,
  orderItems,
  payments,
  invoices,
  counters,
  addresses,
  cities,
  venues,
  events,
  tickets,
  auditEntries,
  settings,
  translations,
  reviews,
  wishlists,
  coupons,
  emptyish,
  warehouses,
  stock,
  bins,
  users2,
];
