import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, GENDERS, type Gender, type Member, type UpdateMemberRequest } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { isoDateToVi, viDateToIso } from '../common/dateTime';
import { errorText } from '../common/errorText';

/** Edits a member's particulars (name, number, gender, year of birth, phone, date of joining). */
export function MemberForm({
  token,
  member,
  onDone,
  onCancel,
}: {
  token: string;
  member: Member;
  onDone: (m: Member) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [fullName, setFullName] = useState(member.fullName);
  const [memberNumber, setMemberNumber] = useState(member.memberNumber);
  const [gender, setGender] = useState<Gender>(member.gender);
  const [birthYear, setBirthYear] = useState(String(member.birthYear));
  const [phone, setPhone] = useState(member.phone ?? '');
  const [joinedOn, setJoinedOn] = useState(isoDateToVi(member.joinedOn));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const joined = joinedOn.trim() ? viDateToIso(joinedOn) : null;
    if (joinedOn.trim() && !joined) {
      setError(t('org.dateTime.invalidDate'));
      return;
    }
    setBusy(true);
    const body: UpdateMemberRequest = {
      fullName: fullName.trim(),
      memberNumber: memberNumber.trim(),
      gender,
      birthYear: Number(birthYear),
      phone: phone.trim() || null,
      joinedOn: joined,
    };
    try {
      onDone(await api(API.org.updateMember, { params: { id: member.id }, body, token }));
    } catch (e) {
      setError(errorText(t, e, 'members'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="org-inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('org.members.editTitle', { name: member.fullName })}
    >
      <label>
        {t('org.members.fullName')}{' '}
        <input value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('org.members.number')}{' '}
        <input value={memberNumber} onChange={(e) => setMemberNumber(e.target.value)} required maxLength={32} />
      </label>
      <label>
        {t('org.members.gender')}{' '}
        <select value={gender} onChange={(e) => setGender(e.target.value as Gender)}>
          {GENDERS.map((g) => (
            <option key={g} value={g}>
              {t(`org.genders.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('org.members.birthYear')}{' '}
        <input
          type="number"
          min={1900}
          max={new Date().getFullYear() - 16}
          value={birthYear}
          onChange={(e) => setBirthYear(e.target.value)}
          required
        />
      </label>
      <label>
        {t('org.members.phone')}{' '}
        <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="0912345678" />
      </label>
      <label>
        {t('org.members.joinedOn')}{' '}
        <input
          value={joinedOn}
          onChange={(e) => setJoinedOn(e.target.value)}
          placeholder={t('org.dateTime.datePlaceholder')}
          inputMode="numeric"
          size={10}
          maxLength={10}
        />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('org.common.save')}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t('org.common.cancel')}
      </button>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
    </form>
  );
}
