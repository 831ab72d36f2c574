// Package report writes the Excel workbooks a one-stop shop files and keeps:
// the settlement statistics table of a reporting period and the register of
// dossiers (sổ theo dõi hồ sơ).
//
// [WriteStatistics] renders a [dossier.Summary] (see [dossier.Summarize]) as
// the table of Circular 01/2018/TT-VPCP: Vietnamese (or English) headers
// with merged groups — received (carried over, new online fully or partly,
// new at the counter, new by post), settled (early, on time, late), refused
// and withdrawn, pending (within term, overdue, awaiting supplementation) —
// one row per group and a totals row. Totals and rates are formulas, so a
// clerk who corrects a figure sees them follow, and each formula carries its
// computed value, so programs that do not recalculate read the right
// figures. A chart sheet plots the on-time and online rates per group.
//
// [WriteRegister] writes one row per dossier from an iterator, streaming:
// rows are spooled to a temporary file and the zip archive is compressed
// straight into the caller's writer, so memory stays bounded whatever the
// number of dossiers (excelize, the engine, otherwise builds the whole
// archive in memory on Write and SaveAs). Nothing reaches the writer before
// every row has been read, so a cancelled context or a failing iterator
// leaves it untouched.
//
// Dates are real Excel dates, the calendar day in Asia/Ho_Chi_Minh,
// formatted dd/mm/yyyy. Counts are integers, rates are fractions formatted
// as percentages.
package report
