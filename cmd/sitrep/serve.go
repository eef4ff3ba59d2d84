package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/sitrep-dev/sitrep/picture"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/web"
)

type serveCmd struct {
	knowledgeFlags
	dbFlag
	Addr       string `help:"Address to listen on (host:port). Any address other than loopback needs a token." default:"127.0.0.1:8080"`
	Token      string `help:"Access token: required for writes, and for reads unless --public-read; required off loopback." env:"SITREP_TOKEN"`
	PublicRead bool   `help:"Let anyone who can reach the server read without the token (writes still need it)."`
}

func (c *serveCmd) Run(log *slog.Logger) error {
	// Refuse a bad address or token before loading or creating anything.
	if err := web.CheckAccess(c.Addr, c.Token); err != nil {
		return usageError{err.Error()}
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	st, err := sqlite.Open(c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	b := picture.New(st, x)
	b.Hash = sqlite.Hash
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveStore(ctx, st, b, web.Config{Addr: c.Addr, Token: c.Token, PublicRead: c.PublicRead}, log)
}

// serveStore serves the UI and the API of st until ctx ends, then shuts
// down gracefully. It prints the address to open on standard output.
// c.Store and c.Builder are set from st and b. An empty c.Addr listens on
// web.DefaultAddr, or on a free loopback port when that one is taken (the
// demo must start wherever it runs).
func serveStore(ctx context.Context, st *sqlite.Store, b *picture.Builder, c web.Config, log *slog.Logger) error {
	c.Store, c.Builder, c.Log = st, b, log
	anyPort := c.Addr == ""
	if anyPort {
		c.Addr = web.DefaultAddr
	}
	srv, err := web.New(c)
	if err != nil {
		return usageError{err.Error()}
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil && anyPort {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "sitrep: serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(os.Stdout, "sitrep: stopped")
	return nil
}
