package dedup

// Every hash here is a fixed function of the input bytes: signatures and band
// keys are stored in a database and compared across processes and versions,
// so nothing may depend on a per-process seed (hash/maphash) or on map order.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnv64 is FNV-1a over s.
func fnv64(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// mix64 is the SplitMix64 finaliser: it spreads every input bit over the
// whole word, which FNV alone does poorly for short inputs.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// splitmix is a deterministic generator for the MinHash coefficients.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	return mix64(uint64(*s))
}

// minA and minB define the NumHashes hash functions h_i(x) = minA[i]*x + minB[i]
// (mod 2^64). Each is a bijection of 64-bit words when minA[i] is odd, and x is
// already a mixed shingle hash, so the minimum over a set behaves as a random
// permutation's would (checked against exact Jaccard in the tests). The seed is
// part of the stored format: changing it invalidates every stored signature.
var minA, minB = func() (a, b [NumHashes]uint64) {
	g := splitmix(0x5175_7265_7064_6564) // "sitrep dedup", fixed forever
	for i := range a {
		a[i] = g.next() | 1
		b[i] = g.next()
	}
	return a, b
}()

// hashNamespace keeps the keys of different evidence kinds apart when a store
// keeps them in one table.
func hashNamespace(kind byte, s string) uint64 {
	return mix64(fnv64(s) ^ uint64(kind)<<56)
}
