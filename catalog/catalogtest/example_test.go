package catalogtest_test

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/catalog/catalogtest"
)

// A province-sized catalogue for a benchmark: 1,964 procedures, 1,088 online.
func ExampleCatalog() {
	c, err := catalogtest.Catalog(1964, 1088)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Stats(time.Time{}))
	// Output:
	// 1,088 of 1,964 procedures online (55.4%)
}
