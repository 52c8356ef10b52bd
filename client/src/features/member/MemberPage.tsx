import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../base';
import { MemberCheckin } from '../checkin';
import { MAKEUP_PARAM, MakeupEntry, MemberQuizPanel } from '../quiz';
import { signOutMember, storedMemberSignIn, type MemberSignIn } from './memberAuth';
import { MemberSignInForm } from './MemberSignInForm';
import { ChangePinForm } from './ChangePinForm';
import { SessionChooser } from './SessionChooser';
import { useMemberSession } from './useMemberSession';
import './member.css';

// Make-up study is its own chunk: the phone in the hall must load light (tests/e2e/member-weight).
const StudyList = lazy(() => import('../makeup').then((m) => ({ default: m.StudyList })));

/**
 * Phone-first page for Party members: sign in with member number and PIN, pick the session (or
 * arrive from the endpoint's QR link with `?session=&endpoint=&code=`), check in; quizzes follow.
 */
export function MemberPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('areas.member.title')} — ${t('app.name')}`);
  const [params, setParams] = useSearchParams();
  const [signIn, setSignIn] = useState<MemberSignIn | null>(() => storedMemberSignIn());
  const sessionId = params.get('session');
  const live = useMemberSession(signIn?.token ?? null, sessionId);

  if (!signIn) {
    return (
      <div className="member-page">
        <MemberSignInForm onSignedIn={setSignIn} />
      </div>
    );
  }
  return (
    <div className="member-page" data-testid="member-page">
      <header className="member-page__header">
        <span>{signIn.identity.displayName}</span>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            signOutMember();
            setSignIn(null);
          }}
        >
          {t('checkin.member.signOut')}
        </button>
      </header>
      {!sessionId && !params.has(MAKEUP_PARAM) && (
        <SessionChooser token={signIn.token} onPick={(id) => setParams({ session: id })} />
      )}
      {!sessionId && !params.has(MAKEUP_PARAM) && (
        <Suspense fallback={null}>
          <StudyList token={signIn.token} />
        </Suspense>
      )}
      {!sessionId && <MakeupEntry token={signIn.token} />}
      {!sessionId && <ChangePinForm token={signIn.token} />}
      {sessionId && (
        <>
          <h1 className="member-page__title">{live.summary?.title ?? t('app.loading')}</h1>
          {live.error && (
            <p role="alert" className="notice">
              {t('checkin.member.joinFailed', { code: live.error })}
            </p>
          )}
          {!live.online && live.summary && <p className="notice">{t('checkin.member.offline')}</p>}
          <MemberCheckin
            socket={live.socket}
            joinedAt={live.summary}
            initialCode={params.get('code') ?? undefined}
            endpointId={params.get('endpoint') ?? undefined}
          />
          <MemberQuizPanel
            socket={live.socket}
            joinedAt={live.summary}
            outboxOwner={`${signIn.identity.subject}:${sessionId}`}
          />
        </>
      )}
    </div>
  );
}
