import { LinkStepUpCodeUseCase } from '../../../libs/links/link-step-up-code.use-case';
import { LinkStepUpSignInUseCase } from '../../../libs/links/link-step-up-sign-in.use-case';
import { LinkStepUpRepository } from '../../../libs/links/link-step-up.repository';
import { LinkStepUps } from '../../../libs/links/link-step-up.service';

/** What step-up before an answer by email link needs (ADR 0016), listed once for the API module. */
export const LINK_STEP_UP_PROVIDERS = [
  LinkStepUpRepository,
  LinkStepUps,
  LinkStepUpSignInUseCase,
  LinkStepUpCodeUseCase,
];
