package sqlite

// LatestVersion is latestVersion for the external tests.
var LatestVersion = latestVersion
