import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/load-config.js";
import { RetortError } from "../errors.js";
import { confirmProductionDowngrade } from "./confirm.js";

const config = (environment: string) => ({ environment, url: "postgres://app:secret@db.example/prod" }) as unknown as ResolvedConfig;

describe("confirmProductionDowngrade", () => {
  it("asks in production and goes on only on yes", async () => {
    const questions: string[] = [];
    const answer = (reply: string) => async (question: string) => (questions.push(question), reply);
    await expect(confirmProductionDowngrade(config("production"), "-1", { yes: false, ask: answer("y") })).resolves.toBeUndefined();
    expect(questions[0]).toContain("Downgrade the production database");
    expect(questions[0]).not.toContain("secret");
    const refused = confirmProductionDowngrade(config("production"), "-1", { yes: false, ask: answer("") });
    await expect(refused).rejects.toThrow("Downgrade not confirmed");
  });

  it("needs --yes in production when nothing can ask, and nothing elsewhere", async () => {
    const error = await confirmProductionDowngrade(config("production"), "base", { yes: false, ask: undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetortError);
    expect((error as RetortError).code).toBe("confirmation_required");
    expect((error as RetortError).message).toContain("--yes");
    await expect(confirmProductionDowngrade(config("production"), "base", { yes: true, ask: undefined })).resolves.toBeUndefined();
    const never = async (): Promise<string> => {
      throw new Error("asked outside production");
    };
    await expect(confirmProductionDowngrade(config("development"), "base", { yes: false, ask: never })).resolves.toBeUndefined();
  });
});
