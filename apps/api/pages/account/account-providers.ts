import { IdentityProviderRepository } from '../../../../libs/staff/identity-provider.repository';
import { IdentityProvidersUseCase } from '../../../../libs/staff/identity-providers.use-case';
import { OidcClients } from '../../../../libs/staff/oidc-client.service';
import { PasswordResetUseCase } from '../../../../libs/staff/password-reset.use-case';
import { StaffMailer } from '../../../../libs/staff/staff-mail.service';
import { StaffSessionsUseCase } from '../../../../libs/staff/staff-sessions.use-case';
import { SecondFactorUseCase } from '../../../../libs/staff/second-factor.use-case';
import { SessionsController } from './sessions.controller';
import { TwoFactorController } from './two-factor.controller';
import { SignInSettingsController } from './sign-in-settings.controller';
import { SwitchCouncilController } from './switch-council.controller';
import { OidcSignInUseCase } from '../../../../libs/staff/oidc-sign-in.use-case';
import { SignInChanges } from '../../../../libs/staff/sign-in-changes.service';
import { SignInAccountsRepository } from '../../../../libs/staff/sign-in-accounts.repository';
import { SecondFactorRepository } from '../../../../libs/staff/second-factor.repository';
import { PasswordLinkRepository } from '../../../../libs/staff/password-link.repository';

/**
 * What sign-in and the account pages need, with the repositories of their tables, listed once for
 * the API module (the staff accounts' and sessions' repositories come from StaffAccountsModule).
 */
export const SINGLE_SIGN_ON_PROVIDERS = [
  IdentityProviderRepository,
  IdentityProvidersUseCase,
  OidcClients,
  OidcSignInUseCase,
  PasswordResetUseCase,
  StaffMailer,
  StaffSessionsUseCase,
  SecondFactorUseCase,
  SignInChanges,
  SignInAccountsRepository,
  SecondFactorRepository,
  PasswordLinkRepository,
];

/** The account and sign-in pages' controllers, listed once for the API module. */
export const ACCOUNT_CONTROLLERS = [
  SignInSettingsController,
  SessionsController,
  TwoFactorController,
  SwitchCouncilController,
];
