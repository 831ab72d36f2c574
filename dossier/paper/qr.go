package paper

import (
	"fmt"
	"math/bits"
)

// A QR code encoder (ISO/IEC 18004:2015) for what the papers print: the
// lookup URL and the receipt's integrity data, in byte mode at error
// correction level M (15 %), versions 1 to 40, with the mask of least
// penalty. It works on one flat slice of modules with table-driven
// Reed–Solomon arithmetic, so a code costs a few allocations.

// qrMaxBytes is what version 40 holds in byte mode at level M.
const qrMaxBytes = 2331

// qrECC and qrBlocks are, for level M and versions 1 to 40 (index 0
// unused), the error correction codewords per block and the number of
// blocks (ISO/IEC 18004:2015, table 9).
var (
	qrECC = [41]int{0,
		10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
		26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28}
	qrBlocks = [41]int{0,
		1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
		17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49}
)

// gfExp and gfLog are the powers and logarithms of 2 in GF(256) modulo
// x⁸+x⁴+x³+x²+1, the field of the QR code's Reed–Solomon code.
var gfExp, gfLog = func() (exp [512]byte, log [256]byte) {
	x := 1
	for i := range 255 {
		exp[i] = byte(x)
		log[x] = byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11d
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}()

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// qrCode is a QR code's modules, row by row, without the quiet zone.
type qrCode struct {
	size int
	dark []bool // size*size, row-major
	fn   []bool // function patterns (finders, timing, alignment, format and version)
}

func (q *qrCode) at(x, y int) bool { return q.dark[y*q.size+x] }

// setFn sets a function module at column x, row y.
func (q *qrCode) setFn(x, y int, dark bool) {
	q.dark[y*q.size+x] = dark
	q.fn[y*q.size+x] = true
}

// qrRawModules is the number of modules of a version that hold data and
// error correction bits.
func qrRawModules(ver int) int {
	n := (16*ver+128)*ver + 64
	if ver >= 2 {
		align := ver/7 + 2
		n -= (25*align-10)*align - 55
		if ver >= 7 {
			n -= 36
		}
	}
	return n
}

// qrDataCodewords is the number of data codewords of a version at level M.
func qrDataCodewords(ver int) int {
	return qrRawModules(ver)/8 - qrECC[ver]*qrBlocks[ver]
}

// qrCapacity is the number of bytes a version holds in byte mode.
func qrCapacity(ver int) int {
	count := 8
	if ver >= 10 {
		count = 16
	}
	return (qrDataCodewords(ver)*8 - 4 - count) / 8
}

// encodeQR encodes data in byte mode at level M in the smallest version
// that holds it, with the mask of least penalty; mask -1 chooses, 0 to 7
// forces one (for tests).
func encodeQR(data []byte, mask int) (*qrCode, error) {
	ver := 1
	for ver <= 40 && qrCapacity(ver) < len(data) {
		ver++
	}
	if ver > 40 {
		return nil, fmt.Errorf("%d bytes, more than the %d a QR code holds", len(data), qrMaxBytes)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("no data")
	}
	return newQR(ver, qrCodewords(ver, data), mask), nil
}

// qrCodewords returns the data codewords of data in byte mode for a
// version, padded, with their error correction codewords, interleaved.
func qrCodewords(ver int, data []byte) []byte {
	ndata := qrDataCodewords(ver)
	// data codewords: mode 0100, count, the bytes, terminator, padding
	cw := make([]byte, 0, ndata)
	var acc uint32 // bits not yet written, right-aligned
	var nacc uint
	put := func(v uint32, n uint) {
		acc = acc<<n | v&(1<<n-1)
		nacc += n
		for nacc >= 8 {
			nacc -= 8
			cw = append(cw, byte(acc>>nacc))
		}
		acc &= 1<<nacc - 1
	}
	put(4, 4)
	if ver >= 10 {
		put(uint32(len(data)), 16)
	} else {
		put(uint32(len(data)), 8)
	}
	for _, b := range data {
		put(uint32(b), 8)
	}
	if free := ndata*8 - len(cw)*8 - int(nacc); free > 0 {
		put(0, uint(min(4, free)))
	}
	if nacc > 0 {
		put(0, 8-nacc)
	}
	for pad := byte(0xec); len(cw) < ndata; pad ^= 0xec ^ 0x11 {
		cw = append(cw, pad)
	}
	// blocks: short ones first, long ones one data codeword longer
	nb, ecc := qrBlocks[ver], qrECC[ver]
	total := qrRawModules(ver) / 8
	short := nb - total%nb
	shortData := total/nb - ecc
	gen := rsGenerator(ecc)
	out := make([]byte, total)
	eccs := make([]byte, nb*ecc)
	at := 0
	for b := range nb {
		n := shortData
		if b >= short {
			n++
		}
		rsRemainder(cw[at:at+n], gen, eccs[b*ecc:(b+1)*ecc])
		at += n
	}
	// interleave the data codewords, then the error correction codewords
	k := 0
	for i := range shortData + 1 {
		at := 0
		for b := range nb {
			n := shortData
			if b >= short {
				n++
			}
			if i < n {
				out[k] = cw[at+i]
				k++
			}
			at += n
		}
	}
	for i := range ecc {
		for b := range nb {
			out[k] = eccs[b*ecc+i]
			k++
		}
	}
	return out
}

// rsGenerator returns the coefficients of the Reed–Solomon generator
// polynomial of a degree, highest power first, the leading 1 left out.
func rsGenerator(degree int) []byte {
	g := make([]byte, degree)
	g[degree-1] = 1
	root := byte(1)
	for range degree {
		// multiply by (x - root)
		for j := range g {
			g[j] = gfMul(g[j], root)
			if j+1 < len(g) {
				g[j] ^= g[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return g
}

// rsRemainder writes to out the remainder of data·x^len(gen) divided by
// the generator.
func rsRemainder(data, gen, out []byte) {
	clear(out)
	for _, b := range data {
		f := b ^ out[0]
		copy(out, out[1:])
		out[len(out)-1] = 0
		if f == 0 {
			continue
		}
		lf := int(gfLog[f])
		for j, c := range gen {
			if c != 0 {
				out[j] ^= gfExp[lf+int(gfLog[c])]
			}
		}
	}
}

// newQR lays out a version's function patterns and codewords, and masks
// them.
func newQR(ver int, cw []byte, mask int) *qrCode {
	size := 17 + 4*ver
	q := &qrCode{size: size, dark: make([]bool, size*size), fn: make([]bool, size*size)}
	for i := range size {
		q.setFn(6, i, i%2 == 0)
		q.setFn(i, 6, i%2 == 0)
	}
	for _, c := range [3][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < size && y >= 0 && y < size {
					d := max(abs(dx), abs(dy))
					q.setFn(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := qrAlignment(ver)
	for i, x := range pos {
		for j, y := range pos {
			last := len(pos) - 1
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					q.setFn(x+dx, y+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	for _, p := range qrFormatPositions(size) {
		q.setFn(p[0], p[1], false) // reserved, light: the bits come with the mask
	}
	if ver >= 7 {
		rem := ver
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1f25
		}
		bits := ver<<12 | rem
		for i := range 18 {
			dark := bits>>i&1 != 0
			a, b := size-11+i%3, i/3
			q.setFn(a, b, dark)
			q.setFn(b, a, dark)
		}
	}
	// codewords in the two-column zigzag from the bottom right
	i, nbits := 0, len(cw)*8
	for right := size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		up := (right+1)&2 == 0
		for v := range size {
			y := v
			if up {
				y = size - 1 - v
			}
			for j := range 2 {
				x := right - j
				k := y*size + x
				if !q.fn[k] && i < nbits {
					q.dark[k] = cw[i>>3]>>(7-i&7)&1 != 0
					i++
				}
			}
		}
	}
	if mask < 0 || mask > 7 {
		mask = q.bestMask()
	}
	q.applyMask(mask)
	q.format(mask)
	return q
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// qrAlignment returns the centres of a version's alignment patterns along
// one axis.
func qrAlignment(ver int) []int {
	if ver == 1 {
		return nil
	}
	n := ver/7 + 2
	step := (ver*8 + n*3 + 5) / (n*4 - 4) * 2
	out := make([]int, n)
	out[0] = 6
	for i, p := n-1, 17+4*ver-7; i >= 1; i, p = i-1, p-step {
		out[i] = p
	}
	return out
}

// format writes the format information of level M and a mask, both
// copies, and the dark module.
func (q *qrCode) format(mask int) {
	size := q.size
	for _, p := range qrFormatPositions(size) {
		q.setFn(p[0], p[1], false)
	}
	q.formatBits(mask, func(x, y int) { q.setFn(x, y, true) })
}

// formatBits calls dark for each dark module of the format information
// of level M and a mask, and for the dark module.
func (q *qrCode) formatBits(mask int, dark func(x, y int)) {
	data := mask // level M is 00
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	for i, p := range qrFormatPositions(q.size) {
		if i == 30 || bits>>(i%15)&1 != 0 {
			dark(p[0], p[1])
		}
	}
}

// qrFormatPositions returns where the format bits 0 to 14 go (x, y), the
// first copy then the second, and the dark module last.
func qrFormatPositions(size int) [31][2]int {
	var p [31][2]int
	for i := range 6 {
		p[i] = [2]int{8, i}
	}
	p[6], p[7], p[8] = [2]int{8, 7}, [2]int{8, 8}, [2]int{7, 8}
	for i := 9; i < 15; i++ {
		p[i] = [2]int{14 - i, 8}
	}
	for i := range 8 {
		p[15+i] = [2]int{size - 1 - i, 8}
	}
	for i := 8; i < 15; i++ {
		p[15+i] = [2]int{8, size - 15 + i}
	}
	p[30] = [2]int{8, size - 8}
	return p
}

// applyMask inverts the data modules the mask pattern selects.
func (q *qrCode) applyMask(mask int) {
	size := q.size
	for y := range size {
		row, fn := q.dark[y*size:(y+1)*size], q.fn[y*size:(y+1)*size]
		for x := range size {
			if !fn[x] && qrMasked(mask, x, y) {
				row[x] = !row[x]
			}
		}
	}
}

func qrMasked(mask, x, y int) bool {
	switch mask {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

// qrLine is one row or column of a symbol as bits, module i at bit i,
// with room for the 177 modules of version 40 and a border of 4 on each
// side. A struct, not an array, so that the compiler keeps it in
// registers.
type qrLine struct{ w0, w1, w2 uint64 }

func (a qrLine) and(b qrLine) qrLine    { return qrLine{a.w0 & b.w0, a.w1 & b.w1, a.w2 & b.w2} }
func (a qrLine) xor(b qrLine) qrLine    { return qrLine{a.w0 ^ b.w0, a.w1 ^ b.w1, a.w2 ^ b.w2} }
func (a qrLine) andNot(b qrLine) qrLine { return qrLine{a.w0 &^ b.w0, a.w1 &^ b.w1, a.w2 &^ b.w2} }

// shr moves bit i+k to bit i (0 < k < 64).
func (a qrLine) shr(k uint) qrLine {
	return qrLine{a.w0>>k | a.w1<<(64-k), a.w1>>k | a.w2<<(64-k), a.w2 >> k}
}

// shl moves bit i to bit i+k (0 < k < 64).
func (a qrLine) shl(k uint) qrLine {
	return qrLine{a.w0 << k, a.w1<<k | a.w0>>(64-k), a.w2<<k | a.w1>>(64-k)}
}

func (a qrLine) count() int {
	return bits.OnesCount64(a.w0) + bits.OnesCount64(a.w1) + bits.OnesCount64(a.w2)
}

func (a *qrLine) set(i int) {
	b := uint64(1) << (i & 63)
	switch i >> 6 {
	case 0:
		a.w0 |= b
	case 1:
		a.w1 |= b
	default:
		a.w2 |= b
	}
}

// qrOnes has bits 0 to n-1 set (n ≤ 192).
func qrOnes(n int) qrLine {
	word := func(lo int) uint64 {
		switch {
		case n >= lo+64:
			return ^uint64(0)
		case n > lo:
			return 1<<(n-lo) - 1
		}
		return 0
	}
	return qrLine{word(0), word(64), word(128)}
}

// qrMaskLines holds, for each mask, the modules it inverts along a row
// (index y mod 12, bits by x) and along a column (index x mod 12, bits by
// y): every mask pattern repeats every 12 modules in each direction.
var qrMaskRows, qrMaskCols = func() (rows, cols [8][12]qrLine) {
	for m := range 8 {
		for k := range 12 {
			for i := range 192 {
				if qrMasked(m, i, k) {
					rows[m][k].set(i)
				}
				if qrMasked(m, k, i) {
					cols[m][k].set(i)
				}
			}
		}
	}
	return rows, cols
}()

// bestMask returns the mask of least [qrCode.penalty].
func (q *qrCode) bestMask() int {
	size := q.size
	var buf [4 * 177]qrLine
	data, fn := buf[:size], buf[size:2*size]
	dataCol, fnCol := buf[2*size:3*size], buf[3*size:4*size]
	for y := range size {
		for x := range size {
			k := y*size + x
			if q.dark[k] {
				data[y].set(x)
				dataCol[x].set(y)
			}
			if q.fn[k] {
				fn[y].set(x)
				fnCol[x].set(y)
			}
		}
	}
	var lines [2 * 177]qrLine
	rows, cols := lines[:size], lines[size:2*size]
	ones := qrOnes(size)
	best, mask := -1, 0
	for m := range 8 {
		for y := range size {
			rows[y] = data[y].xor(qrMaskRows[m][y%12].and(ones).andNot(fn[y]))
		}
		for x := range size {
			cols[x] = dataCol[x].xor(qrMaskCols[m][x%12].and(ones).andNot(fnCol[x]))
		}
		q.formatBits(m, func(x, y int) {
			rows[y].set(x)
			cols[x].set(y)
		})
		if p := qrPenalty(rows, cols, size); best < 0 || p < best {
			best, mask = p, m
		}
	}
	return mask
}

// penalty scores the symbol as it is.
func (q *qrCode) penalty() int {
	size := q.size
	var lines [2 * 177]qrLine
	rows, cols := lines[:size], lines[size:2*size]
	for y := range size {
		for x := range size {
			if q.dark[y*size+x] {
				rows[y].set(x)
				cols[x].set(y)
			}
		}
	}
	return qrPenalty(rows, cols, size)
}

// qrPenalty scores a symbol given by its rows and its columns with the
// four rules of ISO/IEC 18004:2015 §7.8.3.2, table 11: each run of five
// or more modules of one colour in a line, 3 plus 1 for each module beyond
// five; each 2×2 block of one colour, 3; each 1:1:3:1:1 finder-like
// pattern in a line with 4 light modules before it, and each with 4 after
// it, 40 (the area beyond the symbol is light, as its quiet zone is); and
// 10 for each whole 5 % by which the dark modules stray from half.
func qrPenalty(rows, cols []qrLine, size int) int {
	if size+8 <= 64 {
		return qrPenalty64(rows, cols, size)
	}
	ones1, ones8 := qrOnes(size-1), qrOnes(size+8)
	p := 0
	line := func(v qrLine) {
		// rule 1: a run of n ≥ 5 holds n-4 windows of 5 equal modules
		// and scores (n-4)+2
		eq := v.xor(v.shr(1)).xor(ones1).and(ones1) // module i equals i+1
		win := eq.and(eq.shr(1)).and(eq.shr(2)).and(eq.shr(3))
		p += win.count() + 2*win.andNot(win.shl(1)).count()
		// rule 3, on the line with a light border of 4 each side
		d := v.shl(4)
		l := ones8.andNot(d)
		core := d.and(l.shr(1)).and(d.shr(2)).and(d.shr(3)).and(d.shr(4)).and(l.shr(5)).and(d.shr(6))
		l4 := l.and(l.shr(1)).and(l.shr(2)).and(l.shr(3)) // light i to i+3
		p += 40 * (core.and(l4.shl(4)).count() + core.and(l4.shr(7)).count())
	}
	dark := 0
	for y := range size {
		line(rows[y])
		line(cols[y])
		dark += rows[y].count()
		if y+1 < size {
			a, b := rows[y], rows[y+1]
			eqa := a.xor(a.shr(1))
			eqb := b.xor(b.shr(1))
			diff := a.xor(b)
			p += 3 * ones1.andNot(eqa).andNot(eqb).andNot(diff).count()
		}
	}
	total := size * size
	return p + 10*((abs(dark*20-total*10)+total-1)/total-1)
}

// qrPenalty64 is [qrPenalty] for versions up to 9, whose lines with their
// borders fit in one word.
func qrPenalty64(rows, cols []qrLine, size int) int {
	ones1, ones8 := uint64(1)<<(size-1)-1, uint64(1)<<(size+8)-1
	p := 0
	line := func(v uint64) int {
		eq := ^(v ^ (v >> 1)) & ones1
		win := eq & (eq >> 1) & (eq >> 2) & (eq >> 3)
		n := bits.OnesCount64(win) + 2*bits.OnesCount64(win&^(win<<1))
		d := v << 4
		l := ones8 &^ d
		core := d & (l >> 1) & (d >> 2) & (d >> 3) & (d >> 4) & (l >> 5) & (d >> 6)
		l4 := l & (l >> 1) & (l >> 2) & (l >> 3)
		return n + 40*(bits.OnesCount64(core&(l4<<4))+bits.OnesCount64(core&(l4>>7)))
	}
	dark := 0
	for y := range size {
		a := rows[y].w0
		p += line(a) + line(cols[y].w0)
		dark += bits.OnesCount64(a)
		if y+1 < size {
			b := rows[y+1].w0
			p += 3 * bits.OnesCount64(ones1&^(a^(a>>1))&^(b^(b>>1))&^(a^b))
		}
	}
	total := size * size
	return p + 10*((abs(dark*20-total*10)+total-1)/total-1)
}
