package catalog

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/vntime"
)

// filled returns a Procedure with every field set to a value other than
// its zero, found by reflection, so that a field added to Procedure and
// forgotten by record fails TestRecordKeepsEveryField.
func filled(t *testing.T) Procedure {
	t.Helper()
	var p Procedure
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(v.Type().Field(i).Name + " value")
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Uint8:
			f.SetUint(uint64(i%3 + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			if e := f.Index(0); e.Kind() == reflect.String {
				e.SetString("item")
			} else if e.Kind() == reflect.Uint8 {
				e.SetUint(1)
			}
		case reflect.Struct:
			f.Set(reflect.ValueOf(vntime.Date(2025, time.Month(i%12+1), 1)))
		default:
			t.Fatalf("field %s of kind %s: teach filled about it", v.Type().Field(i).Name, f.Kind())
		}
		require.False(t, f.IsZero(), v.Type().Field(i).Name)
	}
	return p
}

func TestRecordKeepsEveryField(t *testing.T) {
	full := filled(t)
	tests := []struct {
		name string
		p    Procedure
		more bool // the record needs its extra fields
	}{
		{"every field", full, true},
		{"main fields only", Procedure{Code: "1.1", Name: "A", Sector: "S", Agency: "G", Result: "R",
			LegalBasis: []string{"L"}, ProcessingDays: 1 << 40, Levels: []Level{Commune, Province},
			Online: Full, NoFixedDuration: true}, false},
		{"nil and empty levels differ", Procedure{Code: "1.1", Levels: []Level{}}, false},
		{"nil levels", Procedure{Code: "1.1"}, false},
		{"a zero time with a location", Procedure{Code: "1.1", ValidFrom: time.Time{}.In(vntime.Location)}, true},
		{"one rare field", Procedure{Code: "1.1", Steps: []string{"B1"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lt tables
			r := newRecord(&tt.p, &lt)
			assert.Equal(t, tt.more, r.more != nil)
			got := r.procedure(&lt)
			assert.Equal(t, tt.p, got)
			assert.Equal(t, tt.p.Levels == nil, got.Levels == nil)
		})
	}
	assert.LessOrEqual(t, reflect.TypeFor[record]().Size(), uintptr(96), "a record fits 96 bytes")
}

func TestLevelTableSharesLists(t *testing.T) {
	var lt tables
	a := lt.put([]Level{Commune, Province})
	b := lt.put([]Level{Commune, Province})
	c := lt.put([]Level{Province, Commune})
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.Zero(t, lt.put(nil))
	assert.NotZero(t, lt.put([]Level{}))
	got := lt.get(a)
	_ = append(got, Central) // must not write into the table
	assert.Equal(t, []Level{Commune, Province}, lt.get(b))
	assert.Equal(t, []Level{Province, Commune}, lt.get(c))
}

func TestBuilder(t *testing.T) {
	jan, jul := vntime.Date(2025, 1, 1), vntime.Date(2025, 7, 1)
	tests := []struct {
		name      string
		procs     []Procedure
		set       map[int]func(*Procedure)
		exclude   []int
		wantCodes []string
		wantIndex []int // Problem.Index of the problems, when Build fails
	}{
		{"in code order", []Procedure{proc("2", "B"), proc("1", "A")}, nil, nil, []string{"1", "2"}, nil},
		{"set adds details", []Procedure{proc("1", "A")}, map[int]func(*Procedure){0: func(p *Procedure) {
			p.Documents = append(p.Documents, Requirement{Name: "Tờ khai"})
			p.ValidFrom = jan
		}}, nil, []string{"1"}, nil},
		{"excluded left out", []Procedure{proc("1", "A"), proc("2", ""), proc("3", "C")}, nil, []int{1}, []string{"1", "3"}, nil},
		{"problems at the added index", []Procedure{proc("1", "A"), proc("2", "B"), proc("3", ""), proc("1", "A2")}, nil, []int{1},
			nil, []int{2, 3}},
		{"versions", []Procedure{proc("1", "new"), proc("1", "old")}, map[int]func(*Procedure){
			0: func(p *Procedure) { p.ValidFrom = jul },
			1: func(p *Procedure) { p.ValidFrom, p.ValidTo = jan, jul },
		}, nil, []string{"1", "1"}, nil},
		{"empty", nil, nil, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b Builder
			b.Grow(len(tt.procs))
			for i, p := range tt.procs {
				require.Equal(t, i, b.Add(p))
			}
			require.Equal(t, len(tt.procs), b.Len())
			for i, fn := range tt.set {
				p, ok := b.Procedure(i)
				require.True(t, ok)
				fn(&p)
				require.True(t, b.Set(i, p))
				got, _ := b.Procedure(i)
				require.Equal(t, p, got)
			}
			for _, i := range tt.exclude {
				b.Exclude(i)
			}
			c, err := b.Build()
			assert.Zero(t, b.Len(), "Build empties the builder")
			if tt.wantIndex != nil {
				var ce *ConsistencyError
				require.ErrorAs(t, err, &ce)
				var idx []int
				for _, p := range ce.Problems {
					idx = append(idx, p.Index)
					assert.Equal(t, tt.procs[p.Index].Code, p.Code)
				}
				assert.Equal(t, tt.wantIndex, idx)
				return
			}
			require.NoError(t, err)
			var codes []string
			for p := range c.All() {
				codes = append(codes, p.Code)
			}
			assert.Equal(t, tt.wantCodes, codes)
			// The same procedures through New give the same catalogue.
			var want []Procedure
			for i, p := range tt.procs {
				if fn := tt.set[i]; fn != nil {
					fn(&p)
				}
				if !contains(tt.exclude, i) {
					want = append(want, p)
				}
			}
			nc, err := New(want...)
			require.NoError(t, err)
			assert.Equal(t, allProcs(nc), allProcs(c))
		})
	}
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func TestBuilderOutOfRange(t *testing.T) {
	var b Builder
	_, ok := b.Procedure(0)
	assert.False(t, ok)
	assert.False(t, b.Set(-1, proc("1", "A")))
	b.Exclude(5) // nothing to exclude: no effect
	b.Add(proc("1", "A"))
	_, ok = b.Procedure(1)
	assert.False(t, ok)
	c, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, 1, c.Len())
}

func TestCodeIndex(t *testing.T) {
	tests := []struct {
		name  string
		codes []string // of the procedures, one version each unless repeated
	}{
		{"empty", nil},
		{"one", []string{"1.001"}},
		{"versions", []string{"1.001", "1.001", "1.002"}},
		{"many", func() []string {
			var out []string
			for i := range 5000 {
				out = append(out, strconv.Itoa(1+i%3)+"."+strconv.Itoa(100000+i))
			}
			return out
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b Builder
			seen := map[string]int{}
			for _, code := range tt.codes {
				p := proc(code, "P "+code)
				if n := seen[code]; n > 0 { // a later version
					p.ValidFrom = vntime.Date(2020+n, 1, 1)
				}
				if seen[code] == 0 && slices.Contains(tt.codes[1:], code) && tt.codes[0] == code {
					p.ValidTo = vntime.Date(2021, 1, 1)
				}
				seen[code]++
				b.Add(p)
			}
			c, err := b.Build()
			require.NoError(t, err)
			assert.Equal(t, len(seen), c.codes.len())
			for code, n := range seen {
				assert.Len(t, c.Versions(code), n, code)
				p, ok := c.Get(code, time.Time{})
				require.True(t, ok, code)
				assert.Equal(t, code, p.Code)
			}
			for _, code := range []string{"", "9.9", "1.00", "1.0011"} {
				_, ok := c.Get(code, time.Time{})
				assert.False(t, ok, code)
			}
			// The codes are in order for the prefix search.
			for k := 1; k < c.codes.len(); k++ {
				assert.Less(t, c.codes.code(c.procs, k-1), c.codes.code(c.procs, k))
			}
		})
	}
}

func TestSearchSectorFolded(t *testing.T) {
	a, b := proc("1.1", "Đăng ký khai sinh"), proc("1.2", "Đăng ký kết hôn")
	a.Sector, b.Sector = "Hộ tịch", "hộ tịch" // two spellings, one folded sector
	d := proc("1.3", "Cấp phép xây dựng")
	d.Sector = "Xây dựng"
	c, err := New(a, b, d)
	require.NoError(t, err)
	tests := []struct {
		name    string
		sectors []string
		want    []string
	}{
		{"both spellings", []string{"HO TICH"}, []string{"1.1", "1.2"}},
		{"another sector", []string{"xây dựng"}, []string{"1.3"}},
		{"two sectors", []string{"Hộ tịch", "Xây dựng"}, []string{"1.1", "1.2", "1.3"}},
		{"no procedure's sector", []string{"Đất đai"}, nil},
		{"an unknown and a known one", []string{"Đất đai", "Xây dựng"}, []string{"1.3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range c.Search(Query{Sectors: tt.sectors}) {
				got = append(got, p.Code)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestFoldedNames checks the folded names the index keeps in shared
// chunks against Fold, across chunk boundaries, for repeated names, long
// names and names that fold to nothing.
func TestFoldedNames(t *testing.T) {
	var b Builder
	long := strings.Repeat("Đăng ký ", nameChunk/4)
	for i := range 3000 {
		name := "Cấp giấy phép số " + strconv.Itoa(i) + " " + strings.Repeat("x", i%100)
		switch i % 7 {
		case 0:
			name = "Đăng ký khai sinh" // repeated
		case 1:
			name = "— !" // folds to ""
		case 2:
			name = long + strconv.Itoa(i)
		}
		b.Add(proc(strconv.Itoa(100000+i), name))
	}
	c, err := b.Build()
	require.NoError(t, err)
	for i := range c.procs {
		require.Equal(t, Fold(c.procs[i].name), c.docs[i].name, i)
	}
	assert.Len(t, c.Search(Query{Text: "giay phep so 2999"}), 1)
}
