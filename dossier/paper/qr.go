package paper

import "fmt"

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
	q.format(0) // reserve the format areas; the real bits come with the mask
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
		best := -1
		for m := range 8 {
			q.applyMask(m)
			q.format(m)
			if p := q.penalty(); best < 0 || p < best {
				best, mask = p, m
			}
			q.applyMask(m) // undo: masks are their own inverse
		}
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
	data := mask // level M is 00
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 != 0 }
	size := q.size
	for i := range 6 {
		q.setFn(8, i, bit(i))
	}
	q.setFn(8, 7, bit(6))
	q.setFn(8, 8, bit(7))
	q.setFn(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		q.setFn(14-i, 8, bit(i))
	}
	for i := range 8 {
		q.setFn(size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		q.setFn(8, size-15+i, bit(i))
	}
	q.setFn(8, size-8, true)
}

// applyMask inverts the data modules the mask pattern selects.
func (q *qrCode) applyMask(mask int) {
	size := q.size
	for y := range size {
		row := y * size
		for x := range size {
			if q.fn[row+x] {
				continue
			}
			var flip bool
			switch mask {
			case 0:
				flip = (x+y)%2 == 0
			case 1:
				flip = y%2 == 0
			case 2:
				flip = x%3 == 0
			case 3:
				flip = (x+y)%3 == 0
			case 4:
				flip = (x/3+y/2)%2 == 0
			case 5:
				flip = x*y%2+x*y%3 == 0
			case 6:
				flip = (x*y%2+x*y%3)%2 == 0
			case 7:
				flip = ((x+y)%2+x*y%3)%2 == 0
			}
			if flip {
				q.dark[row+x] = !q.dark[row+x]
			}
		}
	}
}

// penalty scores the symbol by the four rules of ISO/IEC 18004:2015
// §7.8.3: runs of five or more, 2×2 blocks, finder-like patterns, and the
// balance of dark and light.
func (q *qrCode) penalty() int {
	const n1, n2, n3, n4 = 3, 3, 40, 10
	size := q.size
	p := 0
	line := func(get func(i int) bool) {
		var hist [7]int
		color, run := false, 0
		for i := range size {
			if get(i) == color {
				run++
				if run == 5 {
					p += n1
				} else if run > 5 {
					p++
				}
				continue
			}
			q.addHistory(run, &hist)
			if !color {
				p += q.finderLike(&hist) * n3
			}
			color, run = get(i), 1
		}
		if color {
			q.addHistory(run, &hist)
			run = 0
		}
		q.addHistory(run+size, &hist)
		p += q.finderLike(&hist) * n3
	}
	for y := range size {
		row := q.dark[y*size : (y+1)*size]
		line(func(i int) bool { return row[i] })
	}
	for x := range size {
		line(func(i int) bool { return q.dark[i*size+x] })
	}
	dark := 0
	for y := range size {
		for x := range size {
			c := q.dark[y*size+x]
			if c {
				dark++
			}
			if x+1 < size && y+1 < size && c == q.dark[y*size+x+1] && c == q.dark[(y+1)*size+x] && c == q.dark[(y+1)*size+x+1] {
				p += n2
			}
		}
	}
	total := size * size
	k := (abs(dark*20-total*10)+total-1)/total - 1
	return p + k*n4
}

// addHistory pushes a run length onto the last seven, counting the light
// border before the first run.
func (q *qrCode) addHistory(run int, h *[7]int) {
	if h[0] == 0 {
		run += q.size
	}
	copy(h[1:], h[:6])
	h[0] = run
}

// finderLike counts the 1:1:3:1:1 patterns with four light modules on a
// side that end at the newest runs.
func (q *qrCode) finderLike(h *[7]int) int {
	n := h[1]
	core := n > 0 && h[2] == n && h[3] == n*3 && h[4] == n && h[5] == n
	c := 0
	if core && h[0] >= n*4 && h[6] >= n {
		c++
	}
	if core && h[6] >= n*4 && h[0] >= n {
		c++
	}
	return c
}
