// Public surface of the check-in feature: the endpoint screen's code panel and the member's form.
export { EndpointCheckinPanel, spacedCode } from './EndpointCheckinPanel';
export { MemberCheckin } from './MemberCheckin';
export { checkinLink } from './links';
