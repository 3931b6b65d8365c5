import { Injectable } from '@nestjs/common';
import { PersonRepository } from '../directory/person.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { AttachDocumentUseCase } from '../documents/attach-document.use-case';
import { OpenCaseUseCase } from '../engine/open-case.use-case';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { PublishForwardPlanUseCase } from '../forward-plan/publish-forward-plan.use-case';
import { DemoDirectoryService } from './demo-directory.service';
import { DemoMeetingRows } from './demo-meeting-rows.service';

/**
 * What the demo's seed (seedDemo) writes through, provided by Nest in one piece: the engine's two
 * write paths, the demo's directory, a document attached (the BCF plan), the forward plan's publication, the demo's meetings, and the
 * directory's councils and people (whether the demo is there yet, its people as actors). apps/server/main.ts and the
 * tests' harnesses take it from the app; a spec without one builds it by hand
 * (libs/testing/demo-seed-providers.factory.ts).
 */
@Injectable()
export class DemoSeedProviders {
  constructor(
    readonly open: OpenCaseUseCase,
    readonly send: SendEventUseCase,
    readonly directory: DemoDirectoryService,
    readonly publishPlan: PublishForwardPlanUseCase,
    readonly meetings: DemoMeetingRows,
    readonly tenants: TenantRepository,
    readonly people: PersonRepository,
    readonly documents: AttachDocumentUseCase,
  ) {}
}
