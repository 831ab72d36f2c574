package forms

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/errdetail"
)

// clip and clipPath bound what a message quotes of a value and of a path
// from outside: errdetail's 80 characters and 200 (its first 40 and last
// 150), the same in every motcua package.
func clip(s string) string { return errdetail.Clip(s) }

func clipPath(p string) string { return errdetail.ClipPath(p) }

// formatPath writes a path of segments: "members[1].share". A key that is
// not an identifier (an unknown key of a submission or a document) is
// quoted and clipped: ["a b"].
func formatPath(path []seg) string {
	var b strings.Builder
	for _, q := range path {
		switch {
		case q.index >= 0:
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
		case !keyRE.MatchString(q.key):
			b.WriteString("[" + strconv.Quote(clip(q.key)) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(clip(q.key))
		}
	}
	return b.String()
}
