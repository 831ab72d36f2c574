package fees

import "maps"

// evalRule computes the amount of rule r into p, exactly.
func evalRule(p *Part, r *Rule, qty, copies int64, value Money, tiers *[]TierUse) error {
	p.ID, p.Label = r.ID, maps.Clone(r.Label)
	switch {
	case r.Flat != nil:
		p.Form = RuleFlat
		p.Amount = exactOf(*r.Flat)
	case r.PerUnit != nil:
		p.Form = RulePerUnit
		return evalPerUnit(p, r.PerUnit, qty, copies, tiers)
	case r.Percent != nil:
		p.Form = RulePercent
		pc := r.Percent
		if value == 0 {
			return ErrValueRequired
		}
		p.Value, p.Rate = value, pc.Rate
		amt, err := exactOf(value).mulRate(pc.Rate)
		if err != nil {
			return err
		}
		p.Amount = floorCap(p, amt, pc.Floor, pc.Cap)
	case r.Brackets != nil:
		p.Form = RuleBrackets
		br := r.Brackets
		if value == 0 {
			return ErrValueRequired
		}
		k := 0
		for i := range br.Brackets {
			if br.Brackets[i].From <= value {
				k = i
			}
		}
		b := &br.Brackets[k]
		p.Value, p.Rate, p.Bracket = value, b.Rate, *b
		excess, err := exactOf(value - b.ExcessOver).mulRate(b.Rate) // ExcessOver ≤ From ≤ value
		if err != nil {
			return err
		}
		amt, err := excess.add(exactOf(b.Fixed))
		if err != nil {
			return err
		}
		p.Amount = floorCap(p, amt, br.Floor, br.Cap)
	case r.Free:
		p.Form = RuleFree
	}
	return nil
}

// floorCap bounds amt by floor and cap (cap 0: none), noting on p which
// bound applied.
func floorCap(p *Part, amt Exact, floor, cp Money) Exact {
	if f := exactOf(floor); floor > 0 && amt.Cmp(f) < 0 {
		p.Floor = floor
		return f
	}
	if c := exactOf(cp); cp > 0 && amt.Cmp(c) > 0 {
		p.Cap = cp
		return c
	}
	return amt
}

// evalPerUnit computes a per-unit rule; the tiers used are appended to
// *pool (whose capacity the caller reserved) and sliced into p.Tiers.
func evalPerUnit(p *Part, pu *PerUnit, qty, copies int64, pool *[]TierUse) error {
	p.Copies = copies
	start := len(*pool)
	var perCopy Money
	for i, t := range pu.Tiers {
		if t.From > qty {
			break
		}
		last := qty
		if i+1 < len(pu.Tiers) && pu.Tiers[i+1].From-1 < last {
			last = pu.Tiers[i+1].From - 1
		}
		units := last - t.From + 1
		cost, err := t.Price.Mul(units)
		if err != nil {
			return err
		}
		if perCopy, err = perCopy.Add(cost); err != nil {
			return err
		}
		*pool = append(*pool, TierUse{From: t.From, Units: units, Price: t.Price})
	}
	p.Tiers = (*pool)[start:len(*pool):len(*pool)]
	if pu.CapPerCopy > 0 && perCopy > pu.CapPerCopy {
		perCopy = pu.CapPerCopy
		p.Cap = pu.CapPerCopy
	}
	p.PerCopy = exactOf(perCopy)
	total, err := perCopy.Mul(copies)
	if err != nil {
		return err
	}
	p.Amount = exactOf(total)
	return nil
}
