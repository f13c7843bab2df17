import { createHash } from "node:crypto";
import { RetortError } from "../../errors.js";

/** `--shard K/N`: the K-th of N shares of the tenants (K from 1). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new RetortError("usage", `--shard takes K/N with 1 <= K <= N (the K-th of N shares), not '${value}'.`, {
      hint: "For a Kubernetes indexed Job, whose index starts at 0: --shard $((JOB_COMPLETION_INDEX + 1))/N.",
    });
  }
  return { index, count };
}

/**
 * The share (1 to `count`) a tenant falls in: a hash of its identity, so every runner computes the same split
 * from the same list, whatever order it was read in, and a tenant added later moves no other.
 */
export function shardOf(identity: string, count: number): number {
  const digest = createHash("sha256").update(identity).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(identity: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(identity, shard.count) === shard.index;
}
