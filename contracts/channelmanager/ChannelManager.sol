// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The Groth16 verifier gnark exports for the ByteCount key set
/// (`bwproof keys solidity`). It reverts on an invalid proof and returns
/// nothing on success.
interface IByteCountVerifier {
    function verifyProof(bytes calldata proof, uint256[3] calldata input) external view;
}

/// The Groth16 verifier gnark exports for a Batch key set has the same
/// function with K inputs, verifyProof(bytes, uint256[K]): its selector
/// depends on K, so ChannelManager calls it by a selector computed at
/// construction.

/// @title bwproof payment channels
/// @notice One-way channels from a client to a miner. The miner withdraws
/// with the client's latest EIP-712 voucher and a Groth16 proof that the
/// client signed a receipt for the voucher's byte count at the voucher's
/// nonce in this channel. The client can close; during the challenge period
/// a newer voucher still wins. A peer may name an Owner that receives its
/// income as a miner and may fund channels for it as a client.
/// Lanes: besides the direct voucher (lane 0), the client may sign
/// LaneVouchers on lanes >= 1, each with its own nonce and cumulative
/// amount, time bounds, an optional hash lock and a proof lock naming any
/// proof target (a virtual channel paid through hubs); everything paid on
/// all lanes and the direct voucher stays within the deposit.
/// @dev withdraw is the hot path: it reads four storage slots and writes
/// one. Lane payments are moved out of the stored deposit (into
/// laneWithdrawn) so that withdraw's deposit check already covers them
/// without reading slot 5. The payee is therefore stored in the channel (fixed at open from
/// ownerOf, re-read by refreshPayee) instead of looked up on every call.
/// withdrawBatch settles up to batchSlots channels of one payee with one
/// proof whose public inputs are one word per channel (see setBatchTag).
contract ChannelManager {
    // ---------------------------------------------------------------- types

    enum State {
        None,
        Open,
        Closing,
        Closed
    }

    /// Storage layout is chosen for withdraw: it reads slots 0 to 3 and
    /// writes only slot 2.
    struct Channel {
        // slot 0
        address client; // signs vouchers
        State state;
        uint64 closesAt; // end of the challenge period while Closing
        // slot 1
        address payee; // receives the miner's income: its Owner or itself
        uint96 pricePerByte; // wei
        // slot 2
        uint64 nonce; // last settled voucher nonce
        uint96 withdrawn; // paid to the payee by direct vouchers so far
        // locked by the funder and not paid on lanes >= 1: the total locked
        // is deposit + laneWithdrawn (getChannel returns the total)
        uint96 deposit;
        // slot 3
        uint256 clientProofKeyHash; // 3rd public input of the proof
        // slot 4
        address funder; // paid the deposit; receives the remainder
        uint64 challengePeriod; // seconds
        // slot 5
        address miner;
        uint96 laneWithdrawn; // paid to the payee on lanes >= 1 so far
    }

    /// A lane >= 1 of a channel: the last settled lane voucher.
    struct Lane {
        uint64 nonce;
        uint96 withdrawn; // cumulative amount paid on this lane
    }

    /// A conditional, cumulative voucher on lane >= 1 (protocol.LaneVoucher):
    /// pays only within [validFrom, validUntil] (validUntil 0: no bound),
    /// with the preimage of hashLock (when not zero), and once a ByteCount
    /// proof shows the key with hash targetKeyHash signed receipts for at
    /// least cumulativeBytes in channel target.
    struct LaneVoucher {
        uint256 channelId;
        uint32 lane;
        uint64 nonce;
        uint256 cumulativeAmount;
        uint64 cumulativeBytes;
        uint64 validFrom;
        uint64 validUntil;
        bytes32 hashLock;
        uint256 target;
        uint256 targetKeyHash;
    }

    // ------------------------------------------------------------ constants

    /// BN254 scalar field modulus: every public input must be below it.
    uint256 internal constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    /// secp256k1 n / 2: signatures with a larger s are malleable.
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    /// Width of a batch tag: a tag and 128 bits of counters fill one public
    /// input below R (circuits.TagBits).
    uint256 internal constant TAG_BITS = 125;
    /// Upper bound on a batch key set's slot count (circuits.MaxBatchSlots).
    uint256 public constant MAX_BATCH_SLOTS = 256;
    /// Upper bound on a challenge period (keeps closesAt far from overflow).
    uint64 public constant MAX_CHALLENGE_PERIOD = 365 days;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant VOUCHER_TYPEHASH =
        keccak256("Voucher(uint256 channelId,uint64 nonce,uint256 cumulativeAmount,uint64 cumulativeBytes)");
    /// protocol.LaneVoucherType.
    bytes32 internal constant LANE_VOUCHER_TYPEHASH = keccak256(
        "LaneVoucher(uint256 channelId,uint32 lane,uint64 nonce,uint256 cumulativeAmount,uint64 cumulativeBytes,uint64 validFrom,uint64 validUntil,bytes32 hashLock,uint256 target,uint256 targetKeyHash)"
    );
    bytes32 internal constant NAME_HASH = keccak256("bwproof");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    // ---------------------------------------------------------------- state

    /// The Groth16 verifier for the project's key set.
    IByteCountVerifier public immutable verifier;
    /// The Groth16 verifier for the batch key set; zero: no batch settlement.
    address public immutable batchVerifier;
    /// K, the batch key set's slot count: the most channels one
    /// withdrawBatch settles.
    uint256 public immutable batchSlots;
    /// verifyProof(bytes,uint256[K]) of batchVerifier.
    bytes4 internal immutable batchSelector;

    uint256 private immutable cachedChainId;
    bytes32 private immutable cachedDomainSeparator;

    mapping(uint256 channelId => Channel) private channels;
    /// The Owner a peer named: it receives the peer's income as a miner
    /// (on channels opened, or refreshed, after it was named) and may fund
    /// channels for it as a client. Zero: none.
    mapping(address peer => address owner) public ownerOf;
    /// A channel's batch tag, H_batch(channel id, client proof key hash) mod
    /// 2^125, registered once by its client or funder (setBatchTag). The
    /// contract cannot compute the circuit's hash; it does not need to: a
    /// wrong tag only makes the channel unprovable in a batch, and the miner
    /// checks it before batching (single withdraw never reads it).
    mapping(uint256 channelId => uint256 tag) public batchTagOf;
    /// Channels opened so far; part of every channel id.
    uint256 public channelCount;
    /// The last settled lane voucher of each lane >= 1.
    mapping(uint256 channelId => mapping(uint32 lane => Lane)) public laneOf;
    /// keccak256(abi.encode(target, keyHash)) => the largest cumulative
    /// byte count a ByteCount proof showed for it (provenBytesOf). A proof
    /// checked once opens the proof lock of every voucher, on any channel,
    /// naming the same target and key hash: every hop of a route.
    mapping(bytes32 => uint64) private provenBytes;
    /// The block time a hash lock's preimage was first revealed (0: not yet).
    mapping(bytes32 hashLock => uint64 at) public revealedAt;

    bool private transient locked;

    // --------------------------------------------------------------- events

    event ChannelOpened(
        uint256 indexed channelId,
        address indexed client,
        address indexed miner,
        address funder,
        address payee,
        uint256 clientProofKeyHash,
        uint96 pricePerByte,
        uint64 challengePeriod,
        uint256 deposit
    );
    event ToppedUp(uint256 indexed channelId, uint256 amount, uint256 deposit);
    /// The payee received cumulativeAmount minus the previous one.
    event Withdrawn(uint256 indexed channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes);
    event PayeeChanged(uint256 indexed channelId, address indexed payee);
    event CloseStarted(uint256 indexed channelId, address indexed by, uint64 closesAt);
    event ChannelClosed(uint256 indexed channelId, address indexed by, uint256 minerTotal, uint256 refund);
    event OwnerSet(address indexed peer, address indexed owner);
    event BatchTagSet(uint256 indexed channelId, uint256 tag);
    /// One withdrawBatch paid payee amount for channels channels (each also
    /// has its Withdrawn event).
    event BatchWithdrawn(address indexed payee, uint256 channels, uint256 amount);
    /// The payee received cumulativeAmount minus the lane's previous one.
    event LaneWithdrawn(
        uint256 indexed channelId,
        uint32 indexed lane,
        uint64 nonce,
        uint256 cumulativeAmount,
        uint64 cumulativeBytes,
        uint256 indexed target
    );
    /// A proof showed receipts for counters (nonce·2^64 + bytes) in target
    /// signed by the key with hash keyHash: provenBytesOf grew to its bytes.
    event Proven(uint256 indexed target, uint256 indexed keyHash, uint128 counters);
    /// The preimage of hashLock is public from now on (first reveal only).
    event PreimageRevealed(bytes32 indexed hashLock, bytes32 preimage);

    // --------------------------------------------------------------- errors

    error VerifierHasNoCode(address verifier);
    error UnknownChannel(uint256 channelId);
    error WrongState(uint256 channelId, State state);
    error Unauthorized(address caller);
    error NotOwnerOf(address peer, address caller);
    error ZeroAddress();
    error ZeroPrice();
    error BadChallengePeriod(uint64 challengePeriod);
    error KeyHashNotInField(uint256 keyHash);
    error DepositTooLarge(uint256 deposit);
    error ChannelIdTaken(uint256 channelId);
    error ChallengePeriodOver(uint64 closesAt);
    error ChallengePeriodActive(uint64 closesAt);
    error StaleNonce(uint64 nonce, uint64 settled);
    error AmountExceedsDeposit(uint256 cumulativeAmount, uint256 deposit);
    error AmountExceedsBytes(uint256 cumulativeAmount, uint256 maxAmount);
    error AmountBelowWithdrawn(uint256 cumulativeAmount, uint256 withdrawn);
    error BadSignatureLength(uint256 length);
    error MalleableSignature();
    error BadSignatureV(uint8 v);
    error WrongSigner(address signer, address client);
    error InvalidProof(bytes reason);
    error TransferFailed(address to, uint256 amount);
    error Reentrancy();
    error BadBatchSlots(uint256 slots);
    error BatchDisabled();
    error BadBatchSize(uint256 channels, uint256 slots);
    error BadBatchTag(uint256 tag);
    error BatchTagAlreadySet(uint256 channelId, uint256 tag);
    error NoBatchTag(uint256 channelId);
    error PayeeMismatch(uint256 channelId, address payee, address batchPayee);
    error LaneZero();
    error NotYetValid(uint64 validFrom, uint256 time);
    error Expired(uint64 validUntil, uint256 time);
    error HashLockWithoutExpiry(bytes32 hashLock);
    error WrongPreimage(bytes32 hashLock, bytes32 preimage);
    error BadTarget(uint256 target);
    error ProofRequired(uint256 target, uint256 keyHash, uint64 provenBytes, uint64 cumulativeBytes);
    error ProvenTooFew(uint64 provenBytes, uint64 cumulativeBytes);
    error AlreadyProven(uint64 provenBytes, uint64 cumulativeBytes);

    // ------------------------------------------------------------ modifiers

    modifier nonReentrant() {
        if (locked) revert Reentrancy();
        locked = true;
        _;
        locked = false;
    }

    /// @param batchVerifier_ the Batch key set's verifier, or zero for none
    /// @param batchSlots_ its K (zero when batchVerifier_ is zero)
    constructor(IByteCountVerifier verifier_, address batchVerifier_, uint256 batchSlots_) {
        if (address(verifier_).code.length == 0) revert VerifierHasNoCode(address(verifier_));
        verifier = verifier_;
        if (batchVerifier_ != address(0)) {
            if (batchVerifier_.code.length == 0) revert VerifierHasNoCode(batchVerifier_);
            if (batchSlots_ == 0 || batchSlots_ > MAX_BATCH_SLOTS) revert BadBatchSlots(batchSlots_);
            batchSelector = bytes4(keccak256(abi.encodePacked("verifyProof(bytes,uint256[", _decimal(batchSlots_), "])")));
        } else if (batchSlots_ != 0) {
            revert BadBatchSlots(batchSlots_);
        }
        batchVerifier = batchVerifier_;
        batchSlots = batchSlots_;
        cachedChainId = block.chainid;
        cachedDomainSeparator = _domainSeparator();
    }

    // ------------------------------------------------------------ open/fund

    /// Opens a channel from msg.sender (client and funder) to miner.
    /// @return channelId below the BN254 scalar modulus.
    function open(address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod)
        external
        payable
        nonReentrant
        returns (uint256 channelId)
    {
        return _open(msg.sender, msg.sender, miner, clientProofKeyHash, pricePerByte, challengePeriod);
    }

    /// Opens a channel for client, paid by msg.sender, which must be the
    /// Owner client named. The remainder goes back to the Owner.
    function openFor(
        address client,
        address miner,
        uint256 clientProofKeyHash,
        uint96 pricePerByte,
        uint64 challengePeriod
    ) external payable nonReentrant returns (uint256 channelId) {
        if (ownerOf[client] != msg.sender) revert NotOwnerOf(client, msg.sender);
        return _open(client, msg.sender, miner, clientProofKeyHash, pricePerByte, challengePeriod);
    }

    /// The id the next channel between client and miner will get.
    function nextChannelId(address client, address miner) external view returns (uint256) {
        return _channelId(client, miner, channelCount + 1);
    }

    function _channelId(address client, address miner, uint256 counter) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), client, miner, counter))) % R;
    }

    function _open(
        address client,
        address funder,
        address miner,
        uint256 keyHash,
        uint96 pricePerByte,
        uint64 challengePeriod
    ) internal returns (uint256 channelId) {
        if (client == address(0) || miner == address(0)) revert ZeroAddress();
        if (keyHash >= R) revert KeyHashNotInField(keyHash);
        if (pricePerByte == 0) revert ZeroPrice();
        if (challengePeriod == 0 || challengePeriod > MAX_CHALLENGE_PERIOD) {
            revert BadChallengePeriod(challengePeriod);
        }
        if (msg.value > type(uint96).max) revert DepositTooLarge(msg.value);
        uint256 counter = ++channelCount;
        channelId = _channelId(client, miner, counter);
        Channel storage ch = channels[channelId];
        // A collision of keccak256 mod R is not expected; refuse it anyway.
        if (ch.state != State.None) revert ChannelIdTaken(channelId);
        address payee = _payeeOf(miner);
        ch.client = client;
        ch.state = State.Open;
        ch.payee = payee;
        ch.pricePerByte = pricePerByte;
        ch.deposit = uint96(msg.value);
        ch.clientProofKeyHash = keyHash;
        ch.funder = funder;
        ch.challengePeriod = challengePeriod;
        ch.miner = miner;
        emit ChannelOpened(
            channelId, client, miner, funder, payee, keyHash, pricePerByte, challengePeriod, msg.value
        );
    }

    /// Adds msg.value to an open channel's deposit. Only the funder may top
    /// up, since the remainder returns to it.
    function topUp(uint256 channelId) external payable nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.funder) revert Unauthorized(msg.sender);
        uint256 deposit = uint256(ch.deposit) + msg.value;
        // The total (with lane payments) must fit too: getChannel returns it.
        uint256 total = deposit + ch.laneWithdrawn;
        if (total > type(uint96).max) revert DepositTooLarge(total);
        ch.deposit = uint96(deposit);
        emit ToppedUp(channelId, msg.value, total);
    }

    /// Names the Owner that receives msg.sender's income and may fund its
    /// channels. Zero clears it. Channels already open keep their payee
    /// until refreshPayee.
    function setOwner(address owner) external nonReentrant {
        ownerOf[msg.sender] = owner;
        emit OwnerSet(msg.sender, owner);
    }

    /// Re-reads the channel's payee from the miner's current Owner. Anyone
    /// may call it: it can only follow the miner's own choice.
    function refreshPayee(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state == State.Closed) revert WrongState(channelId, ch.state);
        address payee = _payeeOf(ch.miner);
        ch.payee = payee;
        emit PayeeChanged(channelId, payee);
    }

    function _payeeOf(address miner) internal view returns (address) {
        address owner = ownerOf[miner];
        return owner == address(0) ? miner : owner;
    }

    // ------------------------------------------------------------- withdraw

    /// Settles the client's voucher for (nonce, cumulativeAmount,
    /// cumulativeBytes) with a proof for (channelId, nonce, cumulativeBytes,
    /// clientProofKeyHash) and pays the channel's payee the difference to
    /// what was withdrawn before, while the channel is open or within the
    /// challenge period. Anyone may submit (usually the miner or its Owner):
    /// the voucher and the proof decide, and the money only goes to the
    /// payee. The deposit it is checked against is what lane vouchers left
    /// of it (the stored deposit), so the direct voucher and the lanes
    /// together never exceed the total.
    function withdraw(
        uint256 channelId,
        uint64 nonce,
        uint256 cumulativeAmount,
        uint64 cumulativeBytes,
        bytes calldata clientSig,
        bytes calldata proof
    ) external nonReentrant {
        Channel storage ch = channels[channelId];
        State state = ch.state;
        if (state != State.Open) {
            if (state == State.None) revert UnknownChannel(channelId);
            if (state != State.Closing) revert WrongState(channelId, state);
            if (block.timestamp >= ch.closesAt) revert ChallengePeriodOver(ch.closesAt);
        }
        uint64 settled = ch.nonce;
        if (nonce <= settled) revert StaleNonce(nonce, settled);
        uint256 deposit = ch.deposit;
        if (cumulativeAmount > deposit) revert AmountExceedsDeposit(cumulativeAmount, deposit);
        uint256 maxAmount = uint256(cumulativeBytes) * ch.pricePerByte;
        if (cumulativeAmount > maxAmount) revert AmountExceedsBytes(cumulativeAmount, maxAmount);
        uint256 withdrawn = ch.withdrawn;
        if (cumulativeAmount < withdrawn) revert AmountBelowWithdrawn(cumulativeAmount, withdrawn);

        _checkSigner(ch.client, voucherDigest(channelId, nonce, cumulativeAmount, cumulativeBytes), clientSig);
        // Public inputs: channel id, the counters packed as nonce·2^64 + bytes
        // (one input fewer than unpacked: one ecMul + ecAdd less), key hash.
        _checkProof(proof, [channelId, (uint256(nonce) << 64) | uint256(cumulativeBytes), ch.clientProofKeyHash]);

        // Effects: cumulativeAmount <= deposit < 2^96.
        ch.nonce = nonce;
        ch.withdrawn = uint96(cumulativeAmount);
        emit Withdrawn(channelId, nonce, cumulativeAmount, cumulativeBytes);

        // Interaction.
        if (cumulativeAmount > withdrawn) _pay(ch.payee, cumulativeAmount - withdrawn);
    }

    // ---------------------------------------------------------------- lanes

    /// Settles lane voucher v (lane >= 1) signed by the channel's client and
    /// pays the payee the difference to what the lane was paid before,
    /// while the channel is open or within the challenge period. Its locks:
    /// time (validFrom <= now <= validUntil, validUntil 0: none), hash (when
    /// hashLock is not zero: keccak256(preimage) == hashLock, before a
    /// validUntil it must carry) and proof: unless provenBytesOf(target,
    /// targetKeyHash) already covers cumulativeBytes, proof must show
    /// receipts for proofCounters (nonce·2^64 + bytes, bytes >=
    /// cumulativeBytes) in target by the key with hash targetKeyHash; the
    /// count it shows is stored for every other voucher naming the same
    /// target. Anyone may submit: the money only goes to the payee.
    /// @param preimage ignored when v.hashLock is zero
    /// @param proof empty when the target is already proven far enough
    function withdrawLane(
        LaneVoucher calldata v,
        bytes calldata clientSig,
        bytes32 preimage,
        uint128 proofCounters,
        bytes calldata proof
    ) external nonReentrant {
        uint256 channelId = v.channelId;
        Channel storage ch = channels[channelId];
        State state = ch.state;
        if (state != State.Open) {
            if (state == State.None) revert UnknownChannel(channelId);
            if (state != State.Closing) revert WrongState(channelId, state);
            if (block.timestamp >= ch.closesAt) revert ChallengePeriodOver(ch.closesAt);
        }
        if (v.lane == 0) revert LaneZero();
        if (block.timestamp < v.validFrom) revert NotYetValid(v.validFrom, block.timestamp);
        uint64 validUntil = v.validUntil;
        if (validUntil != 0 && block.timestamp > validUntil) revert Expired(validUntil, block.timestamp);
        Lane storage lane = laneOf[channelId][v.lane];
        uint64 settled = lane.nonce;
        if (v.nonce <= settled) revert StaleNonce(v.nonce, settled);
        uint256 amount = v.cumulativeAmount;
        uint256 laneWithdrawn = lane.withdrawn;
        if (amount < laneWithdrawn) revert AmountBelowWithdrawn(amount, laneWithdrawn);
        uint256 maxAmount = uint256(v.cumulativeBytes) * ch.pricePerByte;
        if (amount > maxAmount) revert AmountExceedsBytes(amount, maxAmount);
        // What is left for this lane: its own payments plus the stored
        // deposit (already net of every lane's payments) minus the direct
        // voucher's. The stored deposit is >= withdrawn at all times.
        uint256 deposit = ch.deposit;
        uint256 laneMax = laneWithdrawn + deposit - ch.withdrawn;
        if (amount > laneMax) revert AmountExceedsDeposit(amount, laneMax);
        uint256 target = v.target;
        if (target == 0 || target >= R) revert BadTarget(target);
        uint256 keyHash = v.targetKeyHash;
        if (keyHash >= R) revert KeyHashNotInField(keyHash);

        _checkSigner(ch.client, laneVoucherDigest(v), clientSig);

        bytes32 hashLock = v.hashLock;
        bool reveal;
        if (hashLock != 0) {
            if (validUntil == 0) revert HashLockWithoutExpiry(hashLock);
            if (keccak256(abi.encodePacked(preimage)) != hashLock) revert WrongPreimage(hashLock, preimage);
            reveal = revealedAt[hashLock] == 0;
        }

        bytes32 provenKey = keccak256(abi.encode(target, keyHash));
        uint64 proven = provenBytes[provenKey];
        uint64 cumulativeBytes = v.cumulativeBytes;
        if (proven < cumulativeBytes) {
            _checkTargetProof(target, keyHash, proven, cumulativeBytes, proofCounters, proof);
            provenBytes[provenKey] = uint64(proofCounters);
            emit Proven(target, keyHash, proofCounters);
        }

        // Effects: amount <= laneMax <= total deposit < 2^96; the delta
        // moves from the stored deposit to laneWithdrawn.
        uint256 delta = amount - laneWithdrawn;
        lane.nonce = v.nonce;
        lane.withdrawn = uint96(amount);
        ch.deposit = uint96(deposit - delta);
        ch.laneWithdrawn += uint96(delta);
        if (reveal) {
            revealedAt[hashLock] = uint64(block.timestamp);
            emit PreimageRevealed(hashLock, preimage);
        }
        emit LaneWithdrawn(channelId, v.lane, v.nonce, amount, cumulativeBytes, target);

        // Interaction.
        if (delta > 0) _pay(ch.payee, delta);
    }

    /// Records a proof that the key with hash keyHash signed receipts for
    /// counters (nonce·2^64 + bytes) in target, without a withdrawal: a
    /// hub holding the miner's attestation (or the end client's receipts)
    /// opens the proof locks of its inbound vouchers with it. Anyone may
    /// call it; it only ever raises provenBytesOf.
    function proveTarget(uint256 target, uint256 keyHash, uint128 counters, bytes calldata proof)
        external
        nonReentrant
    {
        if (target == 0 || target >= R) revert BadTarget(target);
        if (keyHash >= R) revert KeyHashNotInField(keyHash);
        bytes32 provenKey = keccak256(abi.encode(target, keyHash));
        uint64 proven = provenBytes[provenKey];
        uint64 bytes_ = uint64(counters);
        // Checked before the verifier: a late racer pays little.
        if (bytes_ <= proven) revert AlreadyProven(proven, bytes_);
        _checkTargetProof(target, keyHash, proven, bytes_, counters, proof);
        provenBytes[provenKey] = bytes_;
        emit Proven(target, keyHash, counters);
    }

    /// Publishes the preimage of keccak256(preimage) on chain (anyone): a
    /// hub paid by a hash-locked voucher downstream proves the reveal time
    /// to itself and to upstream hubs. Only the first reveal is recorded.
    function revealPreimage(bytes32 preimage) external nonReentrant {
        bytes32 hashLock = keccak256(abi.encodePacked(preimage));
        if (revealedAt[hashLock] != 0) return;
        revealedAt[hashLock] = uint64(block.timestamp);
        emit PreimageRevealed(hashLock, preimage);
    }

    /// The largest cumulative byte count proven for (target, keyHash).
    function provenBytesOf(uint256 target, uint256 keyHash) external view returns (uint64) {
        return provenBytes[keccak256(abi.encode(target, keyHash))];
    }

    /// Requires a proof (proven < needed) for counters with bytes >= needed.
    function _checkTargetProof(
        uint256 target,
        uint256 keyHash,
        uint64 proven,
        uint64 needed,
        uint128 counters,
        bytes calldata proof
    ) internal view {
        if (proof.length == 0) revert ProofRequired(target, keyHash, proven, needed);
        if (uint64(counters) < needed) revert ProvenTooFew(uint64(counters), needed);
        _checkProof(proof, [target, uint256(counters), keyHash]);
    }

    // ---------------------------------------------------------------- batch

    /// One channel of a withdrawBatch: its id and the counters of the
    /// receipt the proof shows, nonce·2^64 + cumulativeBytes (the low half
    /// of the slot's public input).
    struct Settlement {
        uint256 channelId;
        uint128 counters;
    }

    /// Registers the channel's batch tag (see batchTagOf). Only the client
    /// or the funder, once, while the channel is open. Registering it is the
    /// client's consent to batch settlement: a receipt the client signed
    /// for this channel (at a nonce, for cumulative bytes) then pays
    /// bytes x pricePerByte without a voucher, which is exactly the amount
    /// of the voucher the client signs with every receipt (protocol's
    /// SignStep and CheckVoucher).
    function setBatchTag(uint256 channelId, uint256 tag) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.client && msg.sender != ch.funder) revert Unauthorized(msg.sender);
        if (tag == 0 || tag >> TAG_BITS != 0) revert BadBatchTag(tag);
        uint256 old = batchTagOf[channelId];
        if (old != 0) revert BatchTagAlreadySet(channelId, old);
        batchTagOf[channelId] = tag;
        emit BatchTagSet(channelId, tag);
    }

    /// Settles up to batchSlots channels with one Batch proof: slot i of
    /// the proof shows the client's receipt for settlement i (channel,
    /// nonce, cumulative bytes) under the key the client committed at open
    /// (through the registered tag); slots past the last settlement are
    /// padding with input 0. Every channel passes withdraw's checks (state
    /// and challenge period, nonce order, amount <= deposit, amount >=
    /// withdrawn) with amount = bytes x price (so amount <= price x bytes
    /// holds by construction) and the receipt, proven inside the batch
    /// proof, in place of the voucher's ecrecover. All channels must pay the
    /// same payee, which receives the sum in one transfer. Atomic: one bad
    /// channel reverts the batch; the submitter simulates first (the proof
    /// covers every slot, so a skipped slot would still need its input).
    function withdrawBatch(Settlement[] calldata batch, bytes calldata proof) external nonReentrant {
        if (batchVerifier == address(0)) revert BatchDisabled();
        uint256 n = batch.length;
        uint256 k = batchSlots;
        if (n == 0 || n > k) revert BadBatchSize(n, k);
        uint256[] memory inputs = new uint256[](k);
        address payee;
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 channelId = batch[i].channelId;
            uint128 counters = batch[i].counters;
            Channel storage ch = channels[channelId];
            State state = ch.state;
            if (state != State.Open) {
                if (state == State.None) revert UnknownChannel(channelId);
                if (state != State.Closing) revert WrongState(channelId, state);
                if (block.timestamp >= ch.closesAt) revert ChallengePeriodOver(ch.closesAt);
            }
            uint64 nonce = uint64(counters >> 64);
            uint64 cumulativeBytes = uint64(counters);
            uint64 settled = ch.nonce;
            if (nonce <= settled) revert StaleNonce(nonce, settled);
            uint256 cumulativeAmount = uint256(cumulativeBytes) * ch.pricePerByte;
            uint256 deposit = ch.deposit;
            if (cumulativeAmount > deposit) revert AmountExceedsDeposit(cumulativeAmount, deposit);
            uint256 withdrawn = ch.withdrawn;
            if (cumulativeAmount < withdrawn) revert AmountBelowWithdrawn(cumulativeAmount, withdrawn);
            address chPayee = ch.payee;
            if (i == 0) payee = chPayee;
            else if (chPayee != payee) revert PayeeMismatch(channelId, chPayee, payee);
            uint256 tag = batchTagOf[channelId];
            if (tag == 0) revert NoBatchTag(channelId);

            // Slot input: tag·2^128 + nonce·2^64 + bytes (< 2^253 < R).
            inputs[i] = (tag << 128) | counters;

            // Effects: cumulativeAmount <= deposit < 2^96. A channel named
            // twice meets its own new nonce (StaleNonce) or a proof that
            // refuses two slots of one channel.
            ch.nonce = nonce;
            ch.withdrawn = uint96(cumulativeAmount);
            emit Withdrawn(channelId, nonce, cumulativeAmount, cumulativeBytes);
            total += cumulativeAmount - withdrawn;
        }
        _checkBatchProof(proof, inputs);
        emit BatchWithdrawn(payee, n, total);

        // Interaction: one transfer for the whole batch.
        if (total > 0) _pay(payee, total);
    }

    // ---------------------------------------------------------------- close

    /// Starts the challenge period. Called by the client or the funder.
    function startClose(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.client && msg.sender != ch.funder) revert Unauthorized(msg.sender);
        uint64 closesAt = uint64(block.timestamp) + ch.challengePeriod;
        ch.state = State.Closing;
        ch.closesAt = closesAt;
        emit CloseStarted(channelId, msg.sender, closesAt);
    }

    /// After the challenge period, closes the channel and pays the funder
    /// the remainder. Anyone may call it: the money can only go one way.
    function finalize(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Closing) revert WrongState(channelId, ch.state);
        if (block.timestamp < ch.closesAt) revert ChallengePeriodActive(ch.closesAt);
        _close(channelId, ch);
    }

    /// Cooperative close by the miner (or its Owner): at once, forfeiting
    /// anything not yet withdrawn; the remainder goes to the funder.
    function cooperativeClose(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open && ch.state != State.Closing) revert WrongState(channelId, ch.state);
        address miner = ch.miner;
        if (msg.sender != miner && msg.sender != ownerOf[miner]) revert Unauthorized(msg.sender);
        _close(channelId, ch);
    }

    /// Refunds the deposit minus everything paid (the stored deposit is
    /// already net of the lanes' payments).
    function _close(uint256 channelId, Channel storage ch) internal {
        uint256 withdrawn = ch.withdrawn;
        uint256 refund = uint256(ch.deposit) - withdrawn;
        ch.state = State.Closed;
        ch.deposit = uint96(withdrawn); // nothing left to pay out
        address funder = ch.funder;
        emit ChannelClosed(channelId, msg.sender, withdrawn + ch.laneWithdrawn, refund);
        if (refund > 0) _pay(funder, refund);
    }

    // ---------------------------------------------------------------- views

    /// The channel's full record; deposit is the total locked (lane
    /// payments included), as it was funded.
    function getChannel(uint256 channelId) external view returns (Channel memory ch) {
        ch = channels[channelId];
        ch.deposit += ch.laneWithdrawn;
    }

    /// The EIP-712 domain separator vouchers are signed under.
    function domainSeparator() external view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
    }

    /// The EIP-712 digest of a voucher (what the client signs).
    function voucherDigest(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes)
        public
        view
        returns (bytes32)
    {
        bytes32 sep = block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
        bytes32 structHash =
            keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, nonce, cumulativeAmount, cumulativeBytes));
        return keccak256(abi.encodePacked(hex"1901", sep, structHash));
    }

    /// The EIP-712 digest of a lane voucher (what the client signs).
    function laneVoucherDigest(LaneVoucher calldata v) public view returns (bytes32) {
        bytes32 sep = block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
        bytes32 structHash = keccak256(
            abi.encode(
                LANE_VOUCHER_TYPEHASH,
                v.channelId,
                v.lane,
                v.nonce,
                v.cumulativeAmount,
                v.cumulativeBytes,
                v.validFrom,
                v.validUntil,
                v.hashLock,
                v.target,
                v.targetKeyHash
            )
        );
        return keccak256(abi.encodePacked(hex"1901", sep, structHash));
    }

    // -------------------------------------------------------------- helpers

    function _get(uint256 channelId) internal view returns (Channel storage ch) {
        ch = channels[channelId];
        if (ch.state == State.None) revert UnknownChannel(channelId);
    }

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// Recovers the signer of digest (r || s || v, v in {27, 28}, low s
    /// only, like protocol.Voucher.Signer) and requires it to be client.
    function _checkSigner(address client, bytes32 digest, bytes calldata sig) internal pure {
        if (sig.length != 65) revert BadSignatureLength(sig.length);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(sig.offset)
            s := calldataload(add(sig.offset, 32))
            v := byte(0, calldataload(add(sig.offset, 64)))
        }
        if (uint256(s) > HALF_N) revert MalleableSignature();
        if (v != 27 && v != 28) revert BadSignatureV(v);
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != client) revert WrongSigner(signer, client);
    }

    /// Calls batchVerifier.verifyProof(proof, inputs) with inputs as the
    /// static uint256[K] the generated verifier takes; a revert becomes
    /// InvalidProof with its data.
    function _checkBatchProof(bytes calldata proof, uint256[] memory inputs) internal view {
        bytes memory data = abi.encodePacked(
            batchSelector, uint256(32 * (inputs.length + 1)), inputs, uint256(proof.length), proof
        );
        (bool ok, bytes memory reason) = batchVerifier.staticcall(data);
        if (!ok) revert InvalidProof(reason);
    }

    /// The decimal digits of v.
    function _decimal(uint256 v) internal pure returns (bytes memory out) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 x = v; x != 0; x /= 10) ++len;
        out = new bytes(len);
        for (; v != 0; v /= 10) out[--len] = bytes1(uint8(48 + v % 10));
    }

    /// Runs the Groth16 verifier; any revert from it (bad proof, bad
    /// length, input not in the field) becomes InvalidProof with its data.
    function _checkProof(bytes calldata proof, uint256[3] memory input) internal view {
        (bool ok, bytes memory reason) =
            address(verifier).staticcall(abi.encodeCall(IByteCountVerifier.verifyProof, (proof, input)));
        if (!ok) revert InvalidProof(reason);
    }

    function _pay(address to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
