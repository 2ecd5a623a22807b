/** A phone number masked as the API masks it (RecipientAddress.MaskPhone): `+15550101234` → "+1555•••1234". */
export function maskPhone(text: string | null | undefined): string {
  const trimmed = text?.trim() ?? "";
  if (trimmed.length === 0) {
    return "(none)";
  }
  const [head, tail] = trimmed.length >= 12 ? [5, 4] : [Math.max(1, Math.floor(trimmed.length / 3)), Math.floor(trimmed.length / 4)];
  return trimmed.slice(0, head) + "•••" + (tail > 0 ? trimmed.slice(-tail) : "");
}

/** Addresses as a list in words: strings or arrays of them. */
export function addresses(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((a): a is string => typeof a === "string" && a.trim() !== "");
}
