/**
 * Content negotiation as webob's `Accept.acceptable_offers` does it (RFC 7231 §5.3.2): each offer
 * takes the quality of the most specific media range that matches it, offers with quality 0 are
 * dropped, and the rest come best first, ties in the order offered. No `Accept` header, or one
 * that does not parse, accepts every offer.
 *
 * @module
 */

interface MediaRange {
  type: string;
  subtype: string;
  /** Parameters other than `q` (and the accept-extensions after it), lower-cased names. */
  params: string;
  q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The ranges of a valid header, or null when it does not parse (webob then accepts anything). */
function parseAccept(header: string): MediaRange[] | null {
  const ranges: MediaRange[] = [];
  for (const element of header.split(",")) {
    if (element.trim() === "") continue;
    const [range, ...rawParams] = element.split(";").map((s) => s.trim());
    const slash = range.indexOf("/");
    const type = range.slice(0, slash).toLowerCase();
    const subtype = range.slice(slash + 1).toLowerCase();
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) return null;
    let q = 1;
    const params: string[] = [];
    let extensions = false;
    for (const param of rawParams) {
      const eq = param.indexOf("=");
      const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? "" : param.slice(eq + 1).trim();
      if (!TOKEN.test(name)) return null;
      if (name === "q" && !extensions) {
        if (!QVALUE.test(value)) return null;
        q = Number(value);
        extensions = true;
      } else if (!extensions) {
        if (eq < 0) return null;
        params.push(`${name}=${value}`);
      }
    }
    ranges.push({ type, subtype, params: params.join(";"), q });
  }
  return ranges;
}

/**
 * The offers (plain `type/subtype`, no parameters) acceptable under `header`, best first, with
 * their quality.
 *
 * @example
 * ```ts
 * acceptableOffers("text/html;q=0.5, application/json", ["text/plain", "text/html", "application/json"]);
 * // [["application/json", 1], ["text/html", 0.5]]
 * ```
 */
export function acceptableOffers(
  header: string | null,
  offers: readonly string[],
): [string, number][] {
  const ranges = header === null ? null : parseAccept(header);
  if (ranges === null) return offers.map((offer) => [offer, 1]);
  const chosen: { offer: string; q: number; index: number }[] = [];
  offers.forEach((offer, index) => {
    const [type, subtype] = offer.toLowerCase().split("/");
    let best = 0;
    let q = 0;
    for (const range of ranges) {
      let specificity: number;
      if (range.type === type && range.subtype === subtype) {
        if (range.params !== "") continue; // a range with parameters needs them on the offer
        specificity = 3;
      } else if (range.type === type && range.subtype === "*") {
        specificity = 2;
      } else if (range.type === "*" && range.subtype === "*") {
        specificity = 1;
      } else {
        continue;
      }
      if (specificity > best) {
        best = specificity;
        q = range.q;
      }
    }
    if (best > 0 && q > 0) chosen.push({ offer, q, index });
  });
  chosen.sort((a, b) => b.q - a.q || a.index - b.index);
  return chosen.map(({ offer, q }) => [offer, q]);
}
