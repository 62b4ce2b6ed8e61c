package dev.eventscheduler.model;

/**
 * The older name of a schedule's overlap policy, still read and accepted: {@link #ALLOW} is
 * {@link OverlapPolicy#ALLOW_ALL}, {@link #FORBID} is {@link OverlapPolicy#SKIP}.
 *
 * @deprecated use {@link OverlapPolicy}
 */
@Deprecated
public enum ConcurrencyPolicy {
    /** {@link OverlapPolicy#ALLOW_ALL}. */
    ALLOW,
    /** {@link OverlapPolicy#SKIP}. */
    FORBID;

    /** The overlap policy of the same meaning. */
    public OverlapPolicy overlap() {
        return this == ALLOW ? OverlapPolicy.ALLOW_ALL : OverlapPolicy.SKIP;
    }
}
