// Works around prisma/orm#27403 for the Prisma CLI only: @prisma/adapter-pg
// 6.19 refuses result columns of PostgreSQL's catalog types `name` and
// `"char"`, which the WebAssembly schema engine reads while applying
// migrations. Both arrive from pg as plain strings, so reporting them as
// text is exact. Remove when the adapter maps them itself.
import type { PrismaPg } from "@prisma/adapter-pg";

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;
const patched = new WeakSet<object>();

type Queryable = { performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }> };

export function withCatalogTypesAsText(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // performIO lives on the class shared by the adapter and its transactions.
    let proto = Object.getPrototypeOf(adapter);
    while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
    if (proto && !patched.has(proto)) {
      patched.add(proto);
      const performIO = (proto as Queryable).performIO;
      (proto as Queryable).performIO = async function (this: Queryable, query) {
        const result = await performIO.call(this, query);
        for (const field of result.fields ?? []) {
          if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) {
            field.dataTypeID = TEXT_OID;
          }
        }
        return result;
      };
    }
    return adapter;
  };
  return factory;
}
