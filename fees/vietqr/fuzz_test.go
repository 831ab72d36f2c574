package vietqr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
)

// FuzzDecode feeds Decode arbitrary text: it must never panic, must
// return nothing with an error, and whatever it accepts must encode, and
// decode again to the same payload.
func FuzzDecode(f *testing.F) {
	for _, tc := range published {
		f.Add(tc.payload)
	}
	f.Add("00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5")
	f.Add("000201")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2*vietqr.MaxPayload {
			return
		}
		p, err := vietqr.Decode(s)
		if err != nil {
			require.Equal(t, vietqr.Payload{}, p)
			require.NotEmpty(t, vietqr.ErrorCode(err), err.Error())
			return
		}
		enc, err := p.Encode()
		require.NoError(t, err, "a decoded payload encodes: %q", s)
		q, err := vietqr.Decode(enc)
		require.NoError(t, err)
		if p.Initiation == vietqr.InitiationUnknown {
			q.Initiation = vietqr.InitiationUnknown
		}
		assert.Equal(t, p, q)
	})
}

// FuzzEncode builds payloads from arbitrary fields: Encode either refuses
// them with a FieldError or writes a payload that decodes to them.
func FuzzEncode(f *testing.F) {
	f.Add("970436", "0011001932418", int64(230000), "000.00.01.H12-251126-0001", "", false)
	f.Add("970403", "9704031101234567", int64(0), "", "NPS6869", true)
	f.Fuzz(func(t *testing.T, bin, account string, amount int64, purpose, bill string, card bool) {
		if len(bin)+len(account)+len(purpose)+len(bill) > 200 {
			return
		}
		p := vietqr.Payload{BIN: bin, Account: account, Amount: feesMoney(amount), Purpose: purpose, BillNumber: bill}
		if card {
			p.Service = vietqr.ToCard
		}
		s, err := p.Encode()
		if err != nil {
			var fe *vietqr.FieldError
			require.ErrorAs(t, err, &fe)
			return
		}
		q, err := vietqr.Decode(s)
		require.NoError(t, err, s)
		assert.Equal(t, p.BIN, q.BIN)
		assert.Equal(t, p.Account, q.Account)
		assert.Equal(t, p.Amount, q.Amount)
		assert.Equal(t, p.Purpose, q.Purpose)
		assert.Equal(t, p.BillNumber, q.BillNumber)
	})
}

func feesMoney(n int64) fees.Money { return fees.Money(n) }
