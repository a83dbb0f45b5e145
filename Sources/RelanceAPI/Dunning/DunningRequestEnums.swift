import RelanceCore
import RelanceStore

/// The closed sets of values the dunning endpoints accept, decoded strictly (errors list the values).
extension Dispute.Status: RequestEnum {}
extension PromiseStatus: RequestEnum {}
extension PaymentPlanStatus: RequestEnum {}
extension TaskRepository.Outcome: RequestEnum {}
extension DunningChannel: RequestEnum {}
extension DunningTone: RequestEnum {}
extension DunningAction: RequestEnum {}
extension DunningCatchUp: RequestEnum {}
