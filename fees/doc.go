// Package fees computes Vietnamese fees (phí) and charges (lệ phí) from
// dated, traceable rules with exact integer money.
//
// Every dossier has a fee or charge set by law: a Ministry of Finance
// circular, a decree, or a provincial People's Council resolution; rates
// change on dated decisions and temporary cuts. A [Schedule] holds items,
// each with a dated history of versions, and ordered adjustments
// (exemptions, group rates, reductions by filing channel, temporary cuts),
// each with its legal basis. [Schedule.Quote] computes a [Quote] whose
// lines show the rules, every adjustment applied with its legal basis, the
// rounding and the amount, and [Quote.Explain] writes it in Vietnamese or
// English for a clerk to read aloud.
//
// # Languages, channels and time
//
// Display texts are [Text] values, maps keyed by language ("vi", "en")
// like forms.Text; Vietnamese is required and the fallback. Every enum has
// a Label in either language, and its zero value reads "unknown" /
// "không rõ". [Channel] numbers the filing channels as the national portal
// and catalog.Channel do (1 counter, 2 online, 3 post). Dates and times
// are in [Location], Asia/Ho_Chi_Minh.
//
// # Money, rates and rounding
//
// [Money] is an int64 number of đồng; arithmetic is checked and overflow
// is an error wrapping [ErrOverflow], never a wrap-around. [Money.String]
// is the stable Vietnamese form "1.234.000 ₫", which [ParseMoney] reads
// back; [Money.Format] writes an amount for a reader ("1,234,000 VND" in
// English), as [Quote.Explain] does. [Rate] is an exact
// fraction ("0.5%" is 1/200). Within a line, amounts stay exact fractions
// ([Exact]) through every rule and adjustment; the line is rounded once,
// at its end, with the named [Rounding] of its version (or of the
// schedule), and the [Quote.Total] is the sum of the rounded lines.
//
// # Rules
//
// A version's rules are summed. Each rule has one form:
//
//   - flat: a fixed amount per dossier, whatever the quantity;
//   - per_unit: units 1..Quantity priced by tiers (certified copies:
//     2.000 ₫ per page for pages 1–2, 1.000 ₫ from page 3), capped per copy
//     (200.000 ₫), times the number of copies;
//   - percent: a rate of the declared value with a floor and a cap
//     (registration fee on land: 0,5%, at most 500 million ₫);
//   - brackets: the bracket of the declared value gives a fixed amount plus
//     a rate of the excess over a threshold (notarisation fees), with a
//     floor and a cap;
//   - free: nothing to pay (birth registration within the time limit).
//
// # Adjustments
//
// Adjustments are exceptions in an explicit order (Order, unique). Each
// names its items, its period [From, Until), and optionally the channels,
// applicant groups and localities it is limited to; its Effect is
// "exempt" (0), "multiply" (by a rate: a 50% cut is 1/2) or "set" (a
// lower fixed amount), on the whole line or on one rule (Component). Its
// Stacking says how it combines with the adjustments before it: "stack"
// applies on what is left, "final" applies and stops the later ones,
// "exclusive" applies only when nothing applied before and stops the later
// ones. Adjustments only lower amounts.
//
// # The schedule document (JSON)
//
// Schedules are JSON documents ([Parse], [ParseJSON]); unknown fields are
// errors that name the field ([*FormatError] wrapping [ErrUnknownField]),
// and every rule violation is listed in one [*ScheduleError] of
// [*DefinitionError] values, each at its path. Money is a JSON integer of
// đồng, an exact amount of a stored quote a string with a decimal point
// ("6172.835"), a rate a string ("0.5%", "1/2"), a date a string
// "2006-01-02" (a day in Asia/Ho_Chi_Minh; a period includes From and
// excludes Until). The shape, with every field:
//
//	{
//	  "format": "motcua-fees/1",
//	  "name": {"vi": "...", "en": "..."},
//	  "note": "free comment: sources and assumptions",
//	  "rounding": "half-up" | "half-even" | "down" | "up",
//	  "groups": {"student": {"vi": "Sinh viên", "en": "Student"}},
//	  "localities": {"01": {"vi": "Thành phố Hà Nội", "en": "Hanoi"}},
//	  "items": [{
//	    "code": "CT-BANSAO",
//	    "name": {"vi": "...", "en": "..."},
//	    "kind": "fee" | "charge",
//	    "issuer": "Bộ Tài chính",
//	    "unit": {"vi": "trang", "en": "page"},
//	    "locality": "01",                 // only for items one province sets
//	    "note": "...",
//	    "versions": [{
//	      "from": "2017-01-01", "until": "",   // until: optional, exclusive
//	      "basis": {"document": "Thông tư 226/2016/TT-BTC", "article": "Điều 4", "issuer": "..."},
//	      "rounding": "down",               // optional: overrides the schedule's
//	      "note": "...",
//	      "rules": [
//	        {"id": "base", "label": {"vi": "...", "en": "..."}, "flat": 50000},
//	        {"per_unit": {"tiers": [{"from": 1, "price": 2000}, {"from": 3, "price": 1000}], "cap_per_copy": 200000}},
//	        {"percent": {"rate": "0.5%", "floor": 0, "cap": 500000000}},
//	        {"brackets": {"cap": 70000000, "floor": 0, "brackets": [
//	          {"from": 0, "fixed": 50000},
//	          {"from": 1000000001, "fixed": 1000000, "rate": "0.06%", "excess_over": 1000000000}]}},
//	        {"free": true}
//	      ]
//	    }]
//	  }],
//	  "adjustments": [{
//	    "id": "TT64-2025", "order": 31,
//	    "name": {"vi": "...", "en": "..."},
//	    "effect": "exempt" | "multiply" | "set",
//	    "rate": "1/2",                      // multiply: what is left to pay
//	    "amount": 100000,                   // set
//	    "component": "base",                // optional: a rule id
//	    "stacking": "stack" | "final" | "exclusive",
//	    "from": "2025-07-01", "until": "2027-01-01",
//	    "items": ["DKDN", "LLTP"],
//	    "channels": ["counter", "online", "post"],
//	    "groups": ["student"],
//	    "localities": ["01"],
//	    "basis": {"document": "Thông tư 64/2025/TT-BTC", "article": "Điều 1"},
//	    "note": "..."
//	  }]
//	}
//
// [Sample] returns an embedded schedule of real items with their legal
// basis, for tests and demonstrations; its notes say which figures are
// assumptions to verify.
//
// A [Schedule] is immutable and safe for concurrent use. Quote never reads
// the clock: the time of filing is [Request.At].
//
// # Limits
//
// Schedules and requests may come from outside; what each reader accepts is
// bounded, and input past a bound is refused whole, before any schedule or
// quote is returned:
//
//   - [Parse], [ParseJSON] and [DecodeDefinition]: [MaxScheduleBytes]
//     (8 MiB) of document, a [*FormatError] wrapping [ErrTooLarge] ([Parse]
//     reads one byte more than the limit, never the rest); JSON nested more
//     than encoding/json's 10,000 levels is [ErrSyntax]. [New] checks a
//     definition in one pass over its items, versions, rules and
//     adjustments: its work is linear in the document.
//   - [Schedule.Quote]: [MaxRequestItems] (10,000) items and
//     [MaxRequestGroups] (100) applicant groups in one [Request], a
//     [*RequestError] wrapping [ErrRequest]; amounts are int64 đồng and
//     every product and sum is checked for overflow.
package fees
