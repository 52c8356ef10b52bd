// The accounts domain's door: sign-in (accounts, endpoint keys, member PINs, TV pairing) and accounts.
export { accountsModule } from './module.js';
export { accountService, authService, devicePairing } from './services.js';
export type { AccountService } from './AccountService.js';
export type { AuthService } from './AuthService.js';
export { accountErrors } from './errors.js';
