// Package sfnt reads and writes the TrueType (glyf-outline) font files that
// signing's appearance stamps and dossier/paper's papers embed: the table
// directory with its bounds checks, big-endian readers, the loca, hmtx and
// cmap tables, the components of composite glyphs, the PostScript name, the
// table checksum, and a font file written from its tables.
//
// Every reader is bounds-checked: a truncated or malformed font gives a
// [*FormatError], never a panic. Subsetting strategies stay with the
// callers; this package holds the pieces they share.
package sfnt
