package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// binaryVersion is the first byte of a marshalled signature. It changes with
// the layout and with anything that changes the values (K, the hash seeds,
// the normalisation), so that a store can tell stale signatures.
const binaryVersion = 1

// MarshalBinary encodes the signature: a version byte, the MinHash values and
// the SimHash as little-endian words, then the shingle count, the sentence
// hashes and the three string lists, each prefixed by a uvarint count.
func (s Signature) MarshalBinary() ([]byte, error) {
	n := 1 + 8*NumHashes + 8 + 10 + 10 + 8*len(s.Sentences)
	for _, l := range [][]string{s.Figures, s.Quotes, s.Names} {
		n += 10
		for _, x := range l {
			n += 10 + len(x)
		}
	}
	b := make([]byte, 0, n)
	b = append(b, binaryVersion)
	for _, v := range s.MinHash {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	b = binary.LittleEndian.AppendUint64(b, s.SimHash)
	b = binary.AppendUvarint(b, uint64(max(s.Shingles, 0)))
	b = binary.AppendUvarint(b, uint64(len(s.Sentences)))
	for _, v := range s.Sentences {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	for _, l := range [][]string{s.Figures, s.Quotes, s.Names} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, x := range l {
			b = binary.AppendUvarint(b, uint64(len(x)))
			b = append(b, x...)
		}
	}
	return b, nil
}

var errShort = errors.New("dedup: signature truncated")

// UnmarshalBinary decodes what MarshalBinary wrote. It rejects another
// version, a truncated or overlong input and unsorted lists.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		return errShort
	}
	if b[0] != binaryVersion {
		return fmt.Errorf("dedup: signature version %d, want %d", b[0], binaryVersion)
	}
	b = b[1:]
	if len(b) < 8*NumHashes+8 {
		return errShort
	}
	var out Signature
	for i := range out.MinHash {
		out.MinHash[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	b = b[8*NumHashes:]
	out.SimHash = binary.LittleEndian.Uint64(b)
	b = b[8:]
	uv := func() (uint64, error) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, errShort
		}
		b = b[n:]
		return v, nil
	}
	v, err := uv()
	if err != nil {
		return err
	}
	if v > 1<<40 {
		return errors.New("dedup: shingle count out of range")
	}
	out.Shingles = int(v)
	if v, err = uv(); err != nil {
		return err
	}
	if v > uint64(len(b)/8) {
		return errShort
	}
	if v > 0 {
		out.Sentences = make([]uint64, v)
		for i := range out.Sentences {
			out.Sentences[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
		b = b[8*v:]
	}
	for _, dst := range []*[]string{&out.Figures, &out.Quotes, &out.Names} {
		if v, err = uv(); err != nil {
			return err
		}
		if v > uint64(len(b)) {
			return errShort
		}
		for range v {
			l, err := uv()
			if err != nil {
				return err
			}
			if l > uint64(len(b)) {
				return errShort
			}
			*dst = append(*dst, string(b[:l]))
			b = b[l:]
		}
	}
	if len(b) != 0 {
		return errors.New("dedup: trailing bytes after signature")
	}
	if !slices.IsSorted(out.Sentences) || !slices.IsSorted(out.Figures) ||
		!slices.IsSorted(out.Quotes) || !slices.IsSorted(out.Names) {
		return errors.New("dedup: signature lists not sorted")
	}
	*s = out
	return nil
}
