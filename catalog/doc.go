// Package catalog models the catalogue of administrative procedures (thủ tục
// hành chính) that a one-stop shop offers: what each procedure is, at which
// level of government it is handled, how far it can be done online, how many
// working days it takes, which documents it requires and on which legal basis.
//
// A [Catalog] is built with [New], which checks the procedures for consistency
// and reports every problem at once, or read from JSON with [ReadJSON]. A
// Catalog is immutable and safe for concurrent use. It answers three
// questions:
//
//   - [Catalog.Get]: which version of a procedure is in force on a date
//     (procedures are amended, so a code may have several versions with
//     disjoint validity);
//   - [Catalog.Search]: which procedures match a text typed with or without
//     Vietnamese diacritics and in either i/y spelling ("dang ky khai sinh"
//     and "đăng kí khai sinh" find "Đăng ký khai sinh"; see [Fold]),
//     filtered by level, sector and online level, ranked whole-phrase name
//     matches first;
//   - [Catalog.Stats]: how many procedures are online, by level, sector and
//     agency — the figure provinces publish as "1.088/1.964 thủ tục trực
//     tuyến (55,4%)" ([Stats.Text]; "1,088 of 1,964 procedures online" in
//     English).
//
// A procedure's processing time for a filing channel is
// [Procedure.ProcessingTime], a [Duration]: a number of working days
// (0 is the same day, "trong ngày"), calendar days, working hours or
// months, or no fixed duration at all ([Procedure.NoFixedDuration],
// [UnitOther]), for which a one-stop shop sets no due date. Enumerations
// have stable identifiers for programs ([Level.String]) and display names
// for people ([Level.Label], in Vietnamese or English). Dates are in
// [Location], Asia/Ho_Chi_Minh.
//
// Besides what the citizen and the counter need (levels, online level,
// documents, deadlines, fees), a [Procedure] keeps what published
// catalogues carry about it — per-channel terms, variants with their own
// codes and deadlines, steps, conditions, the competent authority, how
// results are returned, legal documents with their numbers — so importing
// a catalogue loses nothing. Every field but code, name, levels and online
// level may be empty, and JSON written before a field existed still reads.
// [Catalog.WithNote] attaches a note on the catalogue's source.
//
// A Catalog's memory is linear in its text (the search index is posting
// lists); [ReadJSON] refuses a document past [MaxJSONBytes]; limits.go
// states both. [NewOwned] builds a catalogue without copying procedures a
// reader made for it, and a [Builder] takes them one at a time in the
// catalogue's compact form (a sheet of a million rows holds no slice of
// every [Procedure] beside it).
//
// [Sample] returns an embedded sample catalogue of realistic procedures. The
// subpackage catalog/sheet reads and writes the spreadsheets provinces
// publish, catalog/dvcqg imports the records of the national public-service
// portal, and catalog/catalogtest generates large catalogues for benchmarks.
package catalog
