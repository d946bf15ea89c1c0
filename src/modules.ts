/**
 * @module modules
 * The capabilities whose routes make up the API, in registration order.
 */
import { registerAccountRoutes } from "./accounts/accounts.routes";
import { registerAuditRoutes } from "./audit/audit.routes";
import { registerCarePlanRoutes } from "./care/care-plan.routes";
import { registerCaseRoutes } from "./care/case.routes";
import { registerCoordinationRoutes } from "./care/coordination.routes";
import { registerResidenceRoutes } from "./care/residence.routes";
import { registerShelterRoutes } from "./care/shelter.routes";
import { registerTransferRoutes } from "./care/transfer.routes";
import { registerDarkNumberRoutes } from "./darknumber/darknumber.routes";
import { registerGeoRoutes } from "./geo/geo.routes";
import { registerPersonRoutes } from "./persons/person.routes";
import { registerRetentionRoutes } from "./persons/retention.routes";
import type { RouteModule } from "./platform/http/app";
import { registerSystemRoutes } from "./platform/system.routes";
import { registerRegistrationRoutes } from "./registry/registration.routes";
import { registerSharingRoutes } from "./sharing/sharing.routes";
import { registerAnonymousRoutes } from "./signals/anonymous.routes";
import { registerAttachmentRoutes } from "./signals/attachment.routes";
import { registerPartnerRoutes } from "./signals/partner.routes";
import { registerQuickResponseRoutes } from "./signals/quick-response.routes";
import { registerSignalRoutes } from "./signals/signal.routes";
import { registerSignalStatisticsRoutes } from "./signals/signal.statistics.routes";

export const ROUTE_MODULES: RouteModule[] = [
  registerSystemRoutes,
  registerAccountRoutes,
  registerGeoRoutes,
  registerAuditRoutes,
  registerPersonRoutes,
  registerSharingRoutes,
  registerRetentionRoutes,
  registerDarkNumberRoutes,
  registerSignalRoutes,
  registerSignalStatisticsRoutes,
  registerPartnerRoutes,
  registerAnonymousRoutes,
  registerAttachmentRoutes,
  registerQuickResponseRoutes,
  registerCoordinationRoutes,
  registerCaseRoutes,
  registerShelterRoutes,
  registerRegistrationRoutes,
  registerResidenceRoutes,
  registerCarePlanRoutes,
  registerTransferRoutes,
];
