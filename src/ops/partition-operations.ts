/**
 * The partition methods of `op`: attaching an existing table to a partitioned table, and detaching one.
 * Creating a partitioned table or a partition is `op.createTable` with `partitionBy` or `partitionOf`.
 */
import { partitionBound, type PartitionBoundSpec } from "../schema/partitions.js";
import type { SqlExpression } from "../schema/sql.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";

/** Options of `op.attachPartition`: the bound, the parent's schema, and the partition's when it differs. */
export interface AttachPartitionOptions extends SchemaOption, PartitionBoundSpec {
  readonly partitionSchema?: string;
}

/** Options of `op.detachPartition`: the bound the partition had, which the downgrade attaches it with again. */
export interface DetachPartitionOptions extends SchemaOption {
  readonly partitionSchema?: string;
  /** The bound after `FOR VALUES` (`sql\`FROM (…) TO (…)\``); or `existingDefaultPartition: true`. */
  readonly existingForValues?: SqlExpression | string;
  readonly existingDefaultPartition?: boolean;
}

const ATTACH = optionKeys<AttachPartitionOptions>({ schema: true, partitionSchema: true, forValues: true, defaultPartition: true });
const DETACH = optionKeys<DetachPartitionOptions>({
  schema: true,
  partitionSchema: true,
  existingForValues: true,
  existingDefaultPartition: true,
});

/** The partition methods of `op`, emitting through `emit`. */
export function partitionOperations(emit: Emit) {
  return {
    /**
     * `ALTER TABLE … ATTACH PARTITION … FOR VALUES …`:
     * `op.attachPartition("events", "events_2026", { forValues: sql\`FROM ('2026-01-01') TO ('2027-01-01')\` })`.
     */
    async attachPartition(table: string, partition: string, options: AttachPartitionOptions): Promise<void> {
      requireName(table, "attachPartition: the partitioned table's name");
      requireName(partition, "attachPartition: the partition's name", ` (table "${table}")`);
      checkMethodOptions("attachPartition", `${table}.${partition}`, options, ATTACH);
      await emit({
        kind: "attachPartition",
        table,
        schema: options.schema,
        partition,
        partitionSchema: options.partitionSchema,
        bound: partitionBound({ table: partition }, options),
      });
    },

    /** `ALTER TABLE … DETACH PARTITION …`; the partition stays, as a table of its own. */
    async detachPartition(table: string, partition: string, options: DetachPartitionOptions = {}): Promise<void> {
      requireName(table, "detachPartition: the partitioned table's name");
      requireName(partition, "detachPartition: the partition's name", ` (table "${table}")`);
      checkMethodOptions("detachPartition", `${table}.${partition}`, options, DETACH);
      const known = options.existingForValues !== undefined || options.existingDefaultPartition !== undefined;
      await emit({
        kind: "detachPartition",
        table,
        schema: options.schema,
        partition,
        partitionSchema: options.partitionSchema,
        existingBound: known
          ? partitionBound(
              { table: partition },
              { forValues: options.existingForValues, defaultPartition: options.existingDefaultPartition },
            )
          : undefined,
      });
    },
  };
}

/** The partition methods of `op`. */
export type PartitionOperations = ReturnType<typeof partitionOperations>;
