import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrailLink } from '../audit/answer-evidence.service';
import { Certificate, CertificateService } from '../audit/certificate.service';
import { VerifyAuditUseCase } from '../audit/verify-audit.use-case';
import { AttachDocumentUseCase, DocumentSummary } from '../documents/attach-document.use-case';
import { templateOfView } from '../workflows/case-template.service';
import { renderWorkflowDiagram } from '../workflows/workflow-diagram.service';
import { stateIds } from '../workflows/workflow-steps.service';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { asReference } from '../governance/case-reference.service';
import { CaseReferenceRepository } from './case-reference.repository';
import { CaseReadPolicy } from './case-read-policy.service';
import type { CaseFilter } from './case.repository';
import { CaseView, CaseViewService, type CaseOfNewerBuild } from './case-view.service';
import type { SendResult } from './send-event.use-case';

/**
 * Every read of a case through the API, as the read policy allows it to the person reading: the
 * case, the list, its documents, audit trail and its verification, certificate and diagram.
 */
@Injectable()
export class ReadCaseUseCase {
  constructor(
    private readonly policy: CaseReadPolicy,
    private readonly views: CaseViewService,
    private readonly audit: VerifyAuditUseCase,
    private readonly documents: AttachDocumentUseCase,
    private readonly certificates: CertificateService,
    private readonly ds: DataSource,
    private readonly references: CaseReferenceRepository,
  ) {}

  async get(actor: Actor, caseId: string): Promise<CaseView> {
    await this.policy.requireCase(await this.policy.readerFor(actor), caseId);
    return this.views.get(actor.tenantId, caseId);
  }

  /**
   * The case as the actor's event left it (the reply to POST /api/cases/:id/events): from what the
   * write had when the send carries it (case-reply.service.ts), else read as get() reads it. Its
   * sender reads it: sending an event to a case is taking part in it (case-read-policy.service.ts).
   */
  async afterSend(actor: Actor, sent: SendResult): Promise<CaseView> {
    return sent.written ? this.views.ofWritten(sent.written) : this.get(actor, sent.caseId);
  }

  /**
   * A case found by the reference people read and type ("scc-2026-0042" too, docs/adr/0038), read
   * as get() reads it. Text not shaped like a reference is refused at `reference`; a reference of
   * no case of the reader's council, or of one they may not read, is not found.
   */
  async getByReference(actor: Actor, typed: string): Promise<CaseView> {
    const reference = asReference(typed);
    if (!reference)
      throw new InvalidInputError(
        'A case reference is the council’s prefix, the year and the number, for example SCC-2026-0042: check the reference.',
        [{ path: 'reference', message: 'give a case reference such as SCC-2026-0042' }],
      );
    const notFound = new DomainError(
      'CASE_NOT_FOUND',
      'No such case',
      `There is no case ${reference} in your organisation: check the reference.`,
    );
    const id = await this.references.caseIdOf(scopeOf(actor), this.ds.manager, reference);
    if (!id) throw notFound;
    // One the reader may not read is refused as one that does not exist, its id not given away.
    return this.get(actor, id).catch((e: unknown) => {
      throw e instanceof DomainError && e.code === 'CASE_NOT_FOUND' ? notFound : e;
    });
  }

  /**
   * The cases of a list the reader may read. One on a template version this build lacks (a rolling
   * upgrade, or a downgrade) is listed in its place with what its row says (`notInThisBuild`), as
   * the staff pages list it: refusing the whole list for it hid every other case of the council.
   */
  async list(
    actor: Actor,
    filter: Omit<CaseFilter, 'participantId'>,
  ): Promise<(CaseView | CaseOfNewerBuild)[]> {
    const reader = await this.policy.readerFor(actor);
    return this.views.listKnownOrNot(actor.tenantId, {
      ...filter,
      ...CaseReadPolicy.listScope(reader),
    });
  }

  async documentsOf(actor: Actor, caseId: string): Promise<DocumentSummary[]> {
    await this.get(actor, caseId);
    return this.documents.list(actor.tenantId, caseId);
  }

  async trail(actor: Actor, caseId: string): Promise<TrailLink[]> {
    const reader = await this.policy.readerFor(actor);
    await this.policy.requireCase(reader, caseId);
    return CaseReadPolicy.trailFor(reader, await this.audit.trail(actor.tenantId, caseId));
  }

  async verify(actor: Actor, caseId: string) {
    await this.policy.requireCase(await this.policy.readerFor(actor), caseId);
    return this.audit.verifyCase(actor.tenantId, caseId);
  }

  async certificate(actor: Actor, caseId: string): Promise<Certificate> {
    const reader = await this.policy.readerFor(actor);
    await this.policy.requireCase(reader, caseId);
    return this.certificates.build(actor.tenantId, caseId, (personId) =>
      CaseReadPolicy.seesClientOf(reader, personId),
    );
  }

  /** The case's workflow as SVG: its current states marked, the states it passed through shaded. */
  async diagram(actor: Actor, caseId: string): Promise<string> {
    const view = await this.get(actor, caseId);
    const template = templateOfView(view);
    const trail = await this.audit.trail(actor.tenantId, caseId);
    return renderWorkflowDiagram(
      template.machine,
      `${view.title}: ${template.title}, rules as at version ${template.version}`,
      {
        current: stateIds(template.machine, view.state.key),
        visited: [...new Set(trail.flatMap((r) => stateIds(template.machine, r.toState)))],
      },
    );
  }
}
