// Package examples bundles a few example reports written for sitrep (wire copy
// and analysis on the 2024–2026 Pakistan–Afghan Taliban conflict) for the demo and tests.
package examples

import "embed"

// FS holds the example reports (.txt, .md and .html files named 0*) at its root.
//
//go:embed 0*
var FS embed.FS
