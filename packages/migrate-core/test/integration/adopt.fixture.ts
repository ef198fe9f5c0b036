import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import serviceGenerator from '../../../../tools/nx-plugin/src/generators/service/generator.mjs';

/** What `nx g @repo/nx-plugin:service shop --from-database` writes as src/schema.ts: adoption must accept it. */
export async function scaffoldSchema(): Promise<string> {
  const tree = createTreeWithEmptyWorkspace();
  await serviceGenerator(tree, { name: 'shop', fromDatabase: true, ci: false });
  return tree.read('services/shop/src/schema.ts', 'utf-8')!;
}

/**
 * A monolith's database as people write it by hand: unnamed foreign keys (`*_ibfk_N`), column-level UNIQUE,
 * a self-reference, composite keys, enum/set, JSON, blobs, generated and defaulted columns, a latin1 table, a
 * CHECK, names that are reserved words or start with a digit. Thirteen tables.
 */
export const LEGACY_TABLES: readonly string[] = [
  `CREATE TABLE customers (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email varchar(320) NOT NULL UNIQUE,
    name varchar(100) NOT NULL DEFAULT '',
    is_active tinyint(1) NOT NULL DEFAULT 1,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
    country char(2) DEFAULT 'FR',
    notes text
  )`,
  `CREATE TABLE addresses (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id int unsigned NOT NULL,
    line1 varchar(200) NOT NULL,
    city varchar(100),
    zip varchar(16),
    kind enum('billing','shipping') NOT NULL DEFAULT 'shipping',
    KEY addresses_city_zip_idx (city, zip),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
  )`,
  `CREATE TABLE categories (
    id smallint NOT NULL AUTO_INCREMENT PRIMARY KEY,
    parent_id smallint NULL,
    slug varchar(64) NOT NULL,
    name varchar(128) NOT NULL,
    UNIQUE KEY categories_slug_uq (slug),
    CONSTRAINT categories_parent_fk FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE SET NULL
  )`,
  `CREATE TABLE products (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku char(12) NOT NULL,
    category_id smallint,
    price decimal(10,2) NOT NULL DEFAULT 0.00,
    weight_kg double,
    rating float,
    stock mediumint unsigned DEFAULT 0,
    attributes json,
    description mediumtext,
    UNIQUE KEY products_sku_uq (sku),
    KEY products_category_price_idx (category_id, price),
    CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT
  )`,
  `CREATE TABLE orders (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id int unsigned NOT NULL,
    status enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
    placed_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    total decimal(12,2),
    shipping_address_id bigint unsigned,
    KEY orders_status_placed_idx (status, placed_at),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT orders_address_fk FOREIGN KEY (shipping_address_id) REFERENCES addresses (id) ON DELETE SET NULL
  )`,
  `CREATE TABLE order_items (
    order_id bigint unsigned NOT NULL,
    line smallint unsigned NOT NULL,
    product_id int NOT NULL,
    quantity int NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price decimal(10,2) NOT NULL,
    line_total decimal(12,2) AS (quantity * unit_price) STORED,
    PRIMARY KEY (order_id, line),
    CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    FOREIGN KEY (product_id) REFERENCES products (id)
  )`,
  `CREATE TABLE payments (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id bigint unsigned NOT NULL,
    amount decimal(12,2) NOT NULL,
    currency char(3) NOT NULL DEFAULT 'EUR',
    paid_on date,
    provider_ref varbinary(64),
    raw_response longtext,
    UNIQUE KEY payments_provider_ref_uq (provider_ref),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
  )`,
  `CREATE TABLE invoices (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id bigint unsigned NOT NULL UNIQUE,
    number varchar(32) NOT NULL,
    issued_on date NOT NULL,
    due_time time,
    pdf longblob,
    fiscal_year year,
    CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
  )`,
  `CREATE TABLE tags (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    label varchar(50) COLLATE latin1_bin NOT NULL,
    color binary(3)
  ) DEFAULT CHARSET=latin1`,
  `CREATE TABLE product_tags (
    product_id int NOT NULL,
    tag_id int NOT NULL,
    PRIMARY KEY (product_id, tag_id),
    KEY product_tags_tag_idx (tag_id),
    CONSTRAINT product_tags_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT product_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
  )`,
  `CREATE TABLE audit_log (
    id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
    entity varchar(64) NOT NULL,
    entity_id bigint NOT NULL,
    action varchar(16) NOT NULL,
    payload json,
    at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    actor varchar(100) DEFAULT 'system',
    KEY audit_entity_idx (entity, entity_id, at)
  )`,
  "CREATE TABLE settings (`key` varchar(100) NOT NULL PRIMARY KEY, value text, flags set('a','b','c'), " +
    "updated_at datetime DEFAULT CURRENT_TIMESTAMP, `order` int, `2fa` tinyint(1) DEFAULT 0, ratio float(7,3) unsigned DEFAULT 0.5)",
  `CREATE TABLE sessions (
    id char(36) NOT NULL DEFAULT (uuid()) PRIMARY KEY,
    customer_id int unsigned NOT NULL,
    expires_at datetime NOT NULL,
    ip varbinary(16),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
  )`,
];
