import type { Schemas } from "@agora/client";

export type Money = Schemas["Money"];

// Amounts are decimal strings; arithmetic is done in ten-thousandths as bigint, never in floats.
const SCALE = 4;

export function toUnits(amount: string): bigint {
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((fraction + "0000").slice(0, SCALE));
}

export function fromUnits(units: bigint, digits = 2): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const factor = 10n ** BigInt(SCALE);
  const whole = abs / factor;
  const fraction = (abs % factor).toString().padStart(SCALE, "0").slice(0, digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? "." + fraction : ""}`;
}

export function times(money: Money, quantity: number): Money {
  return { amount: fromUnits(toUnits(money.amount) * BigInt(quantity)), currency: money.currency };
}

export function sum(values: Money[], currency: string): Money {
  return { amount: fromUnits(values.reduce((total, m) => total + toUnits(m.amount), 0n)), currency };
}

export function formatMoney(money: Money | undefined | null): string {
  if (!money) {
    return "";
  }
  try {
    // Intl takes a string amount without going through a binary float.
    return new Intl.NumberFormat("en-US", { style: "currency", currency: money.currency }).format(
      money.amount as unknown as number,
    );
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}
