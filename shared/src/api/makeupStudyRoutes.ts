import { z } from 'zod';
import { idSchema } from '../domain/session.js';
import { defineRoute } from './define.js';
import {
  hallChoiceSchema,
  hallMakeupSchema,
  openHallMakeupSchema,
  studyAssignRequestSchema,
  studyHeartbeatResponseSchema,
  studyHeartbeatSchema,
  studyPlaybackSchema,
  studyProgressSchema,
  studySettingsSchema,
  studySettingsUpdateSchema,
  studyStatusSchema,
} from './makeupStudy.js';

const sessionParams = z.object({ sessionId: idSchema });
const idParams = z.object({ id: idSchema });

/** Make-up study from the recording (#11): spread into API as `makeupStudy`. */
export const MAKEUP_STUDY_ROUTES = {
  /** The member's make-up study: every ended, recorded session they must study or have studied. */
  list: defineRoute({ method: 'GET', path: '/makeup/study', response: z.array(studyStatusSchema) }),
  status: defineRoute({
    method: 'GET',
    path: '/makeup/study/:sessionId',
    params: sessionParams,
    response: studyStatusSchema,
  }),
  /** Opens a playback (the replay page asks once per load); heartbeats name it. */
  startPlayback: defineRoute({
    method: 'POST',
    path: '/makeup/study/:sessionId/playbacks',
    params: sessionParams,
    response: studyPlaybackSchema,
  }),
  heartbeat: defineRoute({
    method: 'POST',
    path: '/makeup/study/:sessionId/heartbeats',
    params: sessionParams,
    body: studyHeartbeatSchema,
    response: studyHeartbeatResponseSchema,
  }),
  /** Staff: the session's make-up study settings and every member's progress. */
  progress: defineRoute({
    method: 'GET',
    path: '/sessions/:id/makeup-study',
    params: idParams,
    response: studyProgressSchema,
  }),
  updateSettings: defineRoute({
    method: 'PUT',
    path: '/sessions/:id/makeup-study',
    params: idParams,
    body: studySettingsUpdateSchema,
    response: studySettingsSchema,
  }),
  /** Staff: members who must study the recording even though they attended. */
  assign: defineRoute({
    method: 'POST',
    path: '/sessions/:id/makeup-study/assign',
    params: idParams,
    body: studyAssignRequestSchema,
    response: z.object({ assigned: z.number().int() }),
  }),
  /**
   * The endpoint's own (its paired TV's device credential, or an endpoint token): the sessions its
   * hall may make up, latest first — what the standby screen offers as "Học bù tại hội trường".
   */
  hallChoices: defineRoute({ method: 'GET', path: '/endpoint/makeup', response: z.array(hallChoiceSchema) }),
  /**
   * Opens a hall make-up (live at once) for an endpoint invited to an ended, recorded session; a
   * paired TV opens its own with its device credential.
   */
  openHall: defineRoute({
    method: 'POST',
    path: '/makeup/halls',
    body: openHallMakeupSchema,
    response: hallMakeupSchema,
  }),
  /** What a session is as a hall make-up (the TV asks: replay instead of waiting for the host). */
  hall: defineRoute({
    method: 'GET',
    path: '/makeup/halls/:sessionId',
    params: sessionParams,
    response: hallMakeupSchema,
  }),
  /** The holding endpoint (or staff) ends it; members who stayed are credited with the end. */
  endHall: defineRoute({
    method: 'POST',
    path: '/makeup/halls/:sessionId/end',
    params: sessionParams,
    response: z.object({ ended: z.literal(true) }),
  }),
};
