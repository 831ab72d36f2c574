package sheet_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/sheet"
)

// FuzzRead checks that Read never panics and that whatever it accepts
// writes and reads back unchanged.
func FuzzRead(f *testing.F) {
	c, err := catalog.New(rich()...)
	require.NoError(f, err)
	var buf bytes.Buffer
	require.NoError(f, sheet.Write(&buf, c))
	f.Add(buf.Bytes())
	f.Add(workbook(f, map[string][][]any{sheet.SheetProcedures: {procHeader, proc("1.000001", "A", "Cấp xã", "full", 3)}}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		c, err := sheet.Read(t.Context(), bytes.NewReader(data))
		if err != nil {
			require.Nil(t, c)
			return
		}
		var out bytes.Buffer
		if err := sheet.Write(&out, c); err != nil {
			return // e.g. a value typed with a bare carriage return
		}
		again, err := sheet.Read(t.Context(), &out)
		require.NoError(t, err)
		require.Equal(t, slices.Collect(c.All()), slices.Collect(again.All()))
	})
}

// FuzzWrite checks the promise of Write: it either refuses a value or
// stores it so that Read gives it back unchanged.
func FuzzWrite(f *testing.F) {
	f.Add("Đăng ký khai sinh", "Luật Hộ tịch", "Tờ khai", "150.000 đồng", int64(150000))
	f.Add(" x", "a\nb", "\r", "_x000D_", int64(-1))
	f.Add("<&>\"'", "\t", "\u2028", "\uFFFD", int64(1<<53))
	f.Fuzz(func(t *testing.T, name, legal, doc, fee string, amount int64) {
		if len(name)+len(legal)+len(doc)+len(fee) > 1<<16 {
			return
		}
		p := catalog.Procedure{
			Code: "1.000001", Name: name, Online: catalog.Partial, LegalBasis: []string{legal},
			Documents: []catalog.Requirement{{Name: doc}},
			Channels: []catalog.ChannelTerms{{Channel: catalog.Online, Unit: catalog.WorkingDays,
				Fees: []catalog.FeeNote{{Amount: amount, HasAmount: true, Text: fee}}}},
		}
		c, err := catalog.New(p)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := sheet.Write(&buf, c); err != nil {
			require.ErrorIs(t, err, sheet.ErrUnrepresentable)
			return
		}
		got, err := sheet.Read(t.Context(), &buf)
		require.NoError(t, err)
		require.Equal(t, slices.Collect(c.All()), slices.Collect(got.All()))
	})
}
