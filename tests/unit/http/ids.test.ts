// parseId and assertRunIdsInRange: ids from URLs are checked against the Int column's range (1 … 2^31 − 1)
// before any query, so PostgreSQL never sees a value its int4 rejects.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertRunIdsInRange, isIdInRange, MAX_ID, parseId } from "@/lib/http/ids";

describe("parseId", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["007", 7],
    ["2147483647", MAX_ID],
  ])("%j is id %d", (text, id) => {
    expect(parseId(text)).toEqual({ ok: true, id });
  });

  it.each(["0", "2147483648", "9999999999", "99999999999999999999999", "00000000000000000000"])(
    "%j is out of range",
    (text) => {
      expect(parseId(text)).toEqual({ ok: false, reason: "out_of_range" });
    },
  );

  it.each(["", "abc", "-1", "+1", "1.0", "1e3", " 1", "0x10", "١٢"])("%j is not numeric", (text) => {
    expect(parseId(text)).toEqual({ ok: false, reason: "not_numeric" });
  });

  it("agrees with isIdInRange at the bounds", () => {
    expect([0, 1, MAX_ID, MAX_ID + 1, 1.5, Number.NaN].map(isIdInRange)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe("assertRunIdsInRange", () => {
  it("passes ids a run can have", () => {
    expect(() => assertRunIdsInRange([1, MAX_ID])).not.toThrow();
  });

  it("is a 404 naming the ids no run can have, worded like the comparison's own not-found", () => {
    const one = (() => {
      try {
        assertRunIdsInRange([1, 2147483648]);
      } catch (error) {
        return error;
      }
    })();
    expect(one).toBeInstanceOf(AppError);
    expect(one).toMatchObject({
      status: 404,
      message: "No run with id 2147483648",
      details: { missing: [2147483648] },
    });
    expect(() => assertRunIdsInRange([0, 9999999999])).toThrow("No runs with ids 0 and 9999999999");
    expect(() => assertRunIdsInRange([9999999999, 9999999999])).toThrow("No run with id 9999999999");
  });
});
