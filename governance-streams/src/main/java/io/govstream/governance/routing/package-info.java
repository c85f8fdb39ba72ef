/**
 * Routing by scope: every input meets the state it is counted against, or decided with, in one
 * task, whatever key its producer chose (requests by tenant; votes by the tenant of the escalation
 * they vote on).
 */
package io.govstream.governance.routing;
