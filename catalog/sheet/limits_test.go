package sheet_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/sheet"
)

// zeros yields n zero bytes without holding them, and hides its size.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n)]
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

func TestReadFileLimit(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		// At the limit the file is read: it is not a workbook.
		{"stream at the limit", &zeros{sheet.MaxFileBytes}, sheet.ErrNotXLSX},
		{"stream one byte past", &zeros{sheet.MaxFileBytes + 1}, sheet.ErrTooLarge},
		{"sized reader past: refused before reading", bytes.NewReader(make([]byte, sheet.MaxFileBytes+1)), sheet.ErrTooLarge},
		{"in place at the limit", io.NewSectionReader(&zeroAt{}, 0, sheet.MaxFileBytes), sheet.ErrNotXLSX},
		{"in place one byte past", io.NewSectionReader(&zeroAt{}, 0, sheet.MaxFileBytes+1), sheet.ErrTooLarge},
		{"in place past, the limit counted from the position", func() io.Reader {
			r := io.NewSectionReader(&zeroAt{}, 0, sheet.MaxFileBytes+2)
			_, err := r.Seek(1, io.SeekStart)
			require.NoError(t, err)
			return r
		}(), sheet.ErrTooLarge},
		{"in place at the limit from the position", func() io.Reader {
			r := io.NewSectionReader(&zeroAt{}, 0, sheet.MaxFileBytes+1)
			_, err := r.Seek(1, io.SeekStart)
			require.NoError(t, err)
			return r
		}(), sheet.ErrNotXLSX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sheet.Read(t.Context(), tt.r)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, c)
			if tt.want == sheet.ErrTooLarge {
				assert.NotErrorIs(t, err, sheet.ErrNotXLSX)
				assert.Contains(t, err.Error(), "MaxFileBytes")
			}
		})
	}
}

// zeroAt reads zeros at any offset, holding none.
type zeroAt struct{}

func (zeroAt) ReadAt(p []byte, _ int64) (int, error) {
	clear(p)
	return len(p), nil
}

// TestReadInPlace reads workbooks from readers Read reads in place and
// from one it copies, from their position, and leaves each at its end.
func TestReadInPlace(t *testing.T) {
	data := small(t)
	prefixed := append([]byte("junk"), data...)
	tests := []struct {
		name string
		r    func() io.Reader
	}{
		{"bytes.Reader", func() io.Reader { return bytes.NewReader(data) }},
		{"strings.Reader", func() io.Reader { return strings.NewReader(string(data)) }},
		{"bytes.Reader past a prefix", func() io.Reader {
			r := bytes.NewReader(prefixed)
			_, err := r.Seek(4, io.SeekStart)
			require.NoError(t, err)
			return r
		}},
		{"section past a prefix", func() io.Reader { return io.NewSectionReader(bytes.NewReader(prefixed), 4, int64(len(data))) }},
		{"a stream, copied", func() io.Reader { return io.MultiReader(bytes.NewReader(data)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r()
			c, err := sheet.Read(t.Context(), r)
			require.NoError(t, err)
			p, ok := c.Get("1.000001", time.Time{})
			require.True(t, ok)
			assert.Equal(t, "Đăng ký khai sinh", p.Name)
			n, err := r.Read(make([]byte, 1))
			assert.Zero(t, n, "left at its end")
			assert.ErrorIs(t, err, io.EOF)
		})
	}
}

// small returns a valid workbook of one procedure.
func small(t *testing.T) []byte {
	t.Helper()
	c, err := catalog.New(catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, c))
	return buf.Bytes()
}

// rezip copies the parts of a workbook, changed by edit when it is not
// nil, and then adds the parts of extra.
func rezip(t *testing.T, data []byte, edit func(name string, b []byte) []byte, extra func(zw *zip.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		if edit != nil {
			b = edit(f.Name, b)
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	if extra != nil {
		extra(zw)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// declared adds a part that declares size unpacked bytes but holds only a
// few: the limits are checked on the declared sizes, before any part is
// unpacked, so a test needs no gigabytes.
func declared(t *testing.T, name string, size uint64) func(*zip.Writer) {
	return func(zw *zip.Writer) {
		_, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store,
			UncompressedSize64: size, CompressedSize64: 1, CRC32: 0})
		require.NoError(t, err)
	}
}

func TestReadPartLimits(t *testing.T) {
	base := small(t)
	const image, worksheet = "xl/media/image", "xl/worksheets/extra"
	type part struct {
		prefix string
		size   uint64
	}
	tests := []struct {
		name  string
		parts []part
		want  error
		msg   string
	}{
		{"a part at MaxPartBytes", []part{{image, sheet.MaxPartBytes}}, nil, ""},
		{"a part one byte past", []part{{image, sheet.MaxPartBytes + 1}}, sheet.ErrTooLarge, "MaxPartBytes"},
		{"a worksheet at MaxSheetBytes", []part{{worksheet, sheet.MaxSheetBytes}}, nil, ""},
		{"a worksheet one byte past", []part{{worksheet, sheet.MaxSheetBytes + 1}}, sheet.ErrTooLarge, "MaxSheetBytes"},
		// The workbook's own parts take some bytes of the total.
		{"parts past MaxUnpackedBytes", []part{{worksheet, sheet.MaxSheetBytes}, {worksheet, sheet.MaxSheetBytes}}, sheet.ErrTooLarge, "MaxUnpackedBytes"},
		{"parts below MaxUnpackedBytes", []part{{worksheet, sheet.MaxSheetBytes}, {worksheet, sheet.MaxSheetBytes - 1<<20}}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rezip(t, base, nil, func(zw *zip.Writer) {
				for i, p := range tt.parts {
					declared(t, p.prefix+strconv.Itoa(i)+".xml", p.size)(zw)
				}
			})
			c, err := sheet.Read(t.Context(), bytes.NewReader(data))
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, 1, c.Len())
				return
			}
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// TestReadPartLargerThanDeclared: a worksheet that unpacks to more than
// its zip entry declares is refused, not read in part.
func TestReadPartLargerThanDeclared(t *testing.T) {
	base := small(t)
	var sheetXML []byte
	data := rezip(t, base, func(name string, b []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			sheetXML = b
		}
		return b
	}, nil)
	require.NotEmpty(t, sheetXML)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			var raw bytes.Buffer
			fw, err := flate.NewWriter(&raw, flate.BestSpeed)
			require.NoError(t, err)
			_, err = fw.Write(sheetXML)
			require.NoError(t, err)
			require.NoError(t, fw.Close())
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate,
				UncompressedSize64: uint64(len(sheetXML) / 2), CompressedSize64: uint64(raw.Len()),
				CRC32: crc32.ChecksumIEEE(sheetXML[:len(sheetXML)/2])})
			require.NoError(t, err)
			_, err = w.Write(raw.Bytes())
			require.NoError(t, err)
			continue
		}
		require.NoError(t, zw.Copy(f))
	}
	require.NoError(t, zw.Close())
	c, err := sheet.Read(t.Context(), bytes.NewReader(out.Bytes()))
	require.ErrorIs(t, err, sheet.ErrNotXLSX)
	assert.Nil(t, c)
}

func TestReadMaxProblems(t *testing.T) {
	rows := func(n int) [][]any {
		out := [][]any{procHeader}
		for i := range n {
			out = append(out, proc("1."+strconv.Itoa(100000+i), "A", "Cấp xã", "full", "mười"))
		}
		return out
	}
	tests := []struct {
		name     string
		bad      int
		wantList int
		wantMore int
	}{
		{"at the limit", sheet.MaxProblems, sheet.MaxProblems, 0},
		{"one past", sheet.MaxProblems + 1, sheet.MaxProblems, 1},
		{"far past", sheet.MaxProblems + 500, sheet.MaxProblems, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := workbook(t, map[string][][]any{sheet.SheetProcedures: rows(tt.bad)})
			c, err := sheet.Read(t.Context(), bytes.NewReader(data))
			require.ErrorIs(t, err, sheet.ErrNumber)
			assert.Nil(t, c)
			var se *sheet.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.wantList, len(se.Problems))
			assert.Equal(t, tt.wantMore, se.More)
			if tt.wantMore > 0 {
				assert.True(t, strings.HasSuffix(err.Error(), "... and "+strconv.Itoa(tt.wantMore)+" more"))
			}
		})
	}
}

// countdown is a context whose Err turns to context.Canceled after n
// calls: a cancellation in the middle of a sheet, at a known place.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestReadContext(t *testing.T) {
	procs := make([]catalog.Procedure, 5000)
	for i := range procs {
		procs[i] = catalog.Procedure{Code: "1." + strconv.Itoa(100000+i), Name: "Thủ tục " + strconv.Itoa(i),
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full}
	}
	c, err := catalog.New(procs...)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, c))
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"cancelled before", cancelled},
		{"cancelled in the first sheet, after 2,048 rows", &countdown{Context: t.Context(), n: 3}},
		{"cancelled between sheets", &countdown{Context: t.Context(), n: 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sheet.Read(tt.ctx, bytes.NewReader(buf.Bytes()))
			require.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, got, "nothing partial")
		})
	}
	got, err := sheet.Read(&countdown{Context: t.Context(), n: 1 << 30}, bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, 5000, got.Len())
}

// TestReadQuotesClipped: a cell of 1 MB in an error is quoted in 80
// characters.
func TestReadQuotesClipped(t *testing.T) {
	long := strings.Repeat("mười ", 200_000)
	data := workbook(t, map[string][][]any{sheet.SheetProcedures: {procHeader, proc("1.000001", "A", "Cấp xã", "full", long)}})
	c, err := sheet.Read(t.Context(), bytes.NewReader(data))
	require.ErrorIs(t, err, sheet.ErrNumber)
	assert.Nil(t, c)
	assert.Less(t, len(err.Error()), 400)
	assert.Contains(t, err.Error(), "…")
}

// TestReadXMLErrorClipped: a worksheet whose XML error names a 1 MB
// element gives a short message.
func TestReadXMLErrorClipped(t *testing.T) {
	name := strings.Repeat("a", 1<<20)
	data := rezip(t, small(t), func(part string, b []byte) []byte {
		if part == "xl/worksheets/sheet1.xml" {
			return []byte("<worksheet><" + name + "></b></worksheet>")
		}
		return b
	}, nil)
	c, err := sheet.Read(t.Context(), bytes.NewReader(data))
	require.ErrorIs(t, err, sheet.ErrNotXLSX)
	assert.Nil(t, c)
	assert.Less(t, len(err.Error()), 400)
}

// TestReadContextWithoutRows: a worksheet of 200,000 comments and no row
// still looks at the context (every 65,536 XML tokens).
func TestReadContextWithoutRows(t *testing.T) {
	data := rezip(t, small(t), func(part string, b []byte) []byte {
		if part == "xl/worksheets/sheet1.xml" {
			return []byte("<worksheet>" + strings.Repeat("<!--x-->", 200_000) + "</worksheet>")
		}
		return b
	}, nil)
	c, err := sheet.Read(&countdown{Context: t.Context(), n: 3}, bytes.NewReader(data))
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, c)
	// Without the cancellation, the sheet has no header row.
	_, err = sheet.Read(t.Context(), bytes.NewReader(data))
	require.ErrorIs(t, err, sheet.ErrHeader)
}
