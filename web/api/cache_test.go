package api

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newCacheServer() *server {
	return &server{cache: map[string]cached{}, inflight: map[string]*flight{}}
}

func TestCacheComputesOnceForConcurrentMisses(t *testing.T) {
	s := newCacheServer()
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.cachedValue("k", time.Minute, func() (any, error) {
				calls.Add(1)
				<-release
				return 42, nil
			})
			if err != nil || v.(int) != 42 {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond) // let every goroutine find the flight
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("computed %d times for 8 concurrent misses", n)
	}
	if _, err := s.cachedValue("k", time.Minute, func() (any, error) { calls.Add(1); return 0, nil }); err != nil || calls.Load() != 1 {
		t.Fatal("a fresh value was computed again")
	}
}

func TestCacheDropsValuesReadBeforeAClear(t *testing.T) {
	s := newCacheServer()
	v, _ := s.cachedValue("k", time.Minute, func() (any, error) {
		s.clearCache() // an ingest lands while the value is being read
		return "old", nil
	})
	if v != "old" {
		t.Fatalf("got %v", v)
	}
	v, _ = s.cachedValue("k", time.Minute, func() (any, error) { return "new", nil })
	if v != "new" {
		t.Fatalf("a value read before the clear was kept: %v", v)
	}
	v, _ = s.cachedValue("k", 0, func() (any, error) { return "newer", nil })
	if v != "newer" {
		t.Fatalf("ttl 0 served a cached value: %v", v)
	}
}
