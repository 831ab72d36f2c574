// Package benchmarks compares motcua with its peers side by side.
//
// It is a separate Go module so that the peers used only for comparison
// (jsonschema validators, raw pdfsign, raw excelize loops) stay out of the
// library's go.mod. Run it with:
//
//	cd benchmarks && go test -run '^$' -bench . -benchmem
package benchmarks
