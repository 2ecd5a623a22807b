/** GSM 03.38's default alphabet (one septet each) and its extension table (two), as Channels/SmsSegments.cs has them. */
const basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const extension = "\f^{}\\[~]|€";

export type SmsCount = { encoding: "GSM-7" | "UCS-2"; units: number; segments: number; unicodeBecause: string | null };

/**
 * Counts a text as a carrier does (the same rules as the backend's SmsSegments): GSM-7 when every character is in the
 * GSM alphabet (extension characters count two), else UCS-2 (UTF-16 units; an emoji counts two). 160 septets or 70 units
 * fit one text; a longer one goes in parts of 153 or 67, never splitting an escaped character or an emoji.
 */
export function countSms(text: string): SmsCount {
  const characters = Array.from(text);
  const odd = characters.find((c) => !basic.includes(c) && !extension.includes(c)) ?? null;
  const gsm = odd === null;
  const costs = gsm ? characters.map((c) => (extension.includes(c) ? 2 : 1)) : characters.map((c) => c.length);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const units = costs.reduce((a, b) => a + b, 0);
  let segments = units === 0 ? 0 : 1;
  if (units > single) {
    let used = 0;
    for (const cost of costs) {
      if (used + cost > multi) {
        segments++;
        used = 0;
      }
      used += cost;
    }
  }
  return { encoding: gsm ? "GSM-7" : "UCS-2", units, segments, unicodeBecause: odd };
}

/** "2 texts: the emoji makes this a Unicode message (70 characters a text)", in words a person reads while typing. */
export function smsWords(count: SmsCount, chips = 0): string {
  if (count.units === 0 && chips === 0) {
    return "Empty: write the text the client will receive.";
  }
  const texts = `${count.segments} ${count.segments === 1 ? "text" : "texts"}`;
  const about = chips > 0 ? `About ${count.units} characters with each detail counted as 10` : `${count.units} characters`;
  if (count.encoding === "UCS-2") {
    const odd = count.unicodeBecause!;
    const what = /\p{Extended_Pictographic}/u.test(odd) ? "the emoji" : `the character “${odd}”`;
    return `${about} · ${texts}: ${what} makes this a Unicode message (70 characters a text, 67 each when split).`;
  }
  return count.segments > 1 ? `${about} · ${texts}: over 160 characters, a long text goes in parts of 153.` : `${about} of 160 · ${texts}.`;
}
