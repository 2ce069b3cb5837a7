/** The states of a {@link CircuitBreaker}. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** How a {@link CircuitBreaker} behaves; the clock is passed in so tests need no waiting. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  cooldownMs: number;
  /** Milliseconds since any fixed origin. */
  now: () => number;
  /** Told of every change of state (for logs and metrics). */
  onChange?: (state: CircuitState, previous: CircuitState) => void;
}

/**
 * Stops calling a dependency that keeps failing, so a dead model costs nobody a timeout per message.
 * closed: every call goes; `failureThreshold` consecutive failures open it. open: no call goes until
 * `cooldownMs` have passed; then half-open: exactly one trial call goes, the others are refused while it
 * runs. The trial's success closes the circuit; its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialRunning = false;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(options.failureThreshold >= 1) || !(options.cooldownMs >= 0)) throw new RangeError('failureThreshold must be ≥ 1 and cooldownMs ≥ 0');
  }

  /** The state now (an open circuit whose cool-down has passed reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.options.now() - this.openedAt >= this.options.cooldownMs) this.move('half_open');
    return this.current;
  }

  /** Whether a call may go now. A `true` must be followed by exactly one {@link success} or {@link failure}. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialRunning) return false;
    this.trialRunning = true;
    return true;
  }

  /** The call succeeded: the circuit closes and the failure count restarts. */
  success(): void {
    this.trialRunning = false;
    this.failures = 0;
    this.move('closed');
  }

  /** The call failed: counts towards opening, and a failed trial opens the circuit again. */
  failure(): void {
    const wasTrial = this.current === 'half_open';
    this.trialRunning = false;
    this.failures += 1;
    if (wasTrial || (this.current === 'closed' && this.failures >= this.options.failureThreshold)) {
      this.openedAt = this.options.now();
      this.move('open');
    }
  }

  private move(next: CircuitState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.options.onChange?.(next, previous);
  }
}
