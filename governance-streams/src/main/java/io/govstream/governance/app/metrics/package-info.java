/**
 * The metrics of the governance-streams process (docs/observability.md): decisions through the
 * topology's observer hook, stream state, ledger head, and gauges of features still to come.
 * Plain classes, created and bound by {@code GovernanceService}.
 */
package io.govstream.governance.app.metrics;
