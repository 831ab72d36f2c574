package report

import (
	"bytes"
	"os"
	"reflect"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// releaseSpool frees the chunk buffer a flushed StreamWriter keeps.
//
// excelize's StreamWriter gathers rows in a bytes.Buffer and moves it to
// its temporary file every 16 MiB, resetting the buffer but keeping its
// capacity (16 to 32 MiB). After Flush the writer stays referenced by the
// File until Close, and so does that buffer: each finished sheet of a long
// register would hold on to it, some 35 MiB of resident memory per sheet.
// excelize offers no way to release it, so this reaches the unexported
// buffer — only when the rows are all in the temporary file and the buffer
// is empty — and replaces it with an empty one. When excelize's internals
// do not have the expected shape it does nothing (and TestReleaseSpool
// fails, so that an upgrade is noticed).
func releaseSpool(sw *excelize.StreamWriter) bool {
	raw := reflect.ValueOf(sw).Elem().FieldByName("rawData")
	if !raw.IsValid() || raw.Kind() != reflect.Struct {
		return false
	}
	tmp, buf := raw.FieldByName("tmp"), raw.FieldByName("buf")
	if !tmp.IsValid() || tmp.Type() != reflect.TypeFor[*os.File]() || tmp.IsNil() ||
		!buf.IsValid() || buf.Type() != reflect.TypeFor[bytes.Buffer]() || !buf.CanAddr() {
		return false
	}
	b := (*bytes.Buffer)(unsafe.Pointer(buf.UnsafeAddr()))
	if b.Len() != 0 {
		return false
	}
	*b = bytes.Buffer{}
	return true
}
