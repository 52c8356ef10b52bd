/** One endpoint's join, times in ms from its first connection attempt (performance.now in its page). */
export interface EndpointTiming {
  subject: string;
  ok: boolean;
  connectedMs?: number;
  joinedMs?: number;
  /** Receive transport created and existing producers consumed (MediaClient.start resolved). */
  consumingMs?: number;
  firstAudioMs?: number;
  firstVideoMs?: number;
  /** The first media packet of either kind (the track unmuted). */
  firstMediaMs?: number;
  /** How the first packets were seen: the tracks' unmute events, or polling the receivers' stats. */
  detectedBy?: 'unmute' | 'stats';
  error?: string;
}

export interface BenchPageApi {
  publishHost(token: string, sessionId: string, subject: string): Promise<void>;
  joinEndpoint(token: string, sessionId: string, subject: string): Promise<EndpointTiming>;
  closeAll(): void;
}
