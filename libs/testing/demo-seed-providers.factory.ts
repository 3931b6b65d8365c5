import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { DemoMeetingRows } from '../demo/demo-meeting-rows.service';
import { DemoSeedProviders } from '../demo/demo-seed-providers.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { PersonRepository } from '../directory/person.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { AttachDocumentUseCase } from '../documents/attach-document.use-case';
import { DocumentSettings } from '../documents/document-settings.service';
import { DocumentStore } from '../documents/document-store.repository';
import { DocumentVersionsRepository } from '../documents/document-versions.repository';
import { UploadDocumentsUseCase } from '../documents/upload-documents.use-case';
import type { OpenCaseUseCase } from '../engine/open-case.use-case';
import type { SendEventUseCase } from '../engine/send-event.use-case';
import { ForwardPlanRepository } from '../forward-plan/forward-plan.repository';
import { ForwardPlanService } from '../forward-plan/forward-plan.service';
import { ActionLinkRepository } from '../links/action-link.repository';
import { PublishForwardPlanUseCase } from '../forward-plan/publish-forward-plan.use-case';
import { AgendaItemsRepository } from '../meetings/agenda-items.repository';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { OutboxRepository } from '../notifications/outbox.repository';
import { demoDirectory } from './directory-use-cases.factory';

/** The demo seed's collaborators built by hand, for a spec that seeds the demo without the app. */
export function demoSeedProviders(
  ds: DataSource,
  clock: Clock,
  engine: { open: OpenCaseUseCase; send: SendEventUseCase },
): DemoSeedProviders {
  const settings = new DocumentSettings();
  const plan = new ForwardPlanService(
    ds,
    clock,
    new ForwardPlanRepository(),
    new DirectoryRepository(),
    new TenantRepository(),
  );
  return new DemoSeedProviders(
    engine.open,
    engine.send,
    demoDirectory(ds, clock),
    new PublishForwardPlanUseCase(ds, plan, engine.send, clock),
    new DemoMeetingRows(new MeetingsRepository(), new AgendaItemsRepository()),
    new TenantRepository(),
    new PersonRepository(),
    new AttachDocumentUseCase(
      ds,
      new UploadDocumentsUseCase(
        engine.send,
        new DocumentStore(ds, settings),
        settings,
        new DocumentVersionsRepository(),
        new ActionLinkRepository(),
        new OutboxRepository(),
      ),
    ),
  );
}
